/**
 * Sends the waiting reports of the outbox, oldest first: each photo not yet uploaded (its id
 * kept at once, so a retry skips it), then the matter with its clientKey (a repeated POST gets
 * the same matter back). No answer or a 5xx: the report backs off and the round ends, the
 * network being likely gone for the others too. A 4xx: the report is refused and kept.
 */
import type { KeyedStore } from '$lib/client/outbox/keyed-store';
import { markFailed, markRefused } from '$lib/client/outbox/outbox-record';
import type { Answer } from '$lib/client/outbox/send-answer';
import { SendLoop, type LoopOptions, type Outcome } from '$lib/client/outbox/send-loop';
import type { Transport } from './matter-api';
import { markSent, matterBody, nextPhotoToUpload, photoUploaded, type OutboxEntry } from './outbox-entry';

export type SenderOptions = Omit<LoopOptions<OutboxEntry>, 'store' | 'sendOne'> & {
	store: KeyedStore<OutboxEntry>;
	transport: Transport;
	/** Every entry the sender changed, as stored. */
	onchange: (entry: OutboxEntry) => void;
	/** The report being sent now, null between reports. */
	onsending: (clientKey: string | null) => void;
	random?: () => number;
};

export class OutboxSender {
	readonly #options: SenderOptions & { now: () => number; random: () => number };
	readonly #loop: SendLoop<OutboxEntry>;

	constructor(options: SenderOptions) {
		this.#options = { ...options, now: options.now ?? (() => Date.now()), random: options.random ?? (() => Math.random()) };
		this.#loop = new SendLoop({ ...options, now: this.#options.now, sendOne: (clientKey) => this.#sendOne(clientKey) });
	}

	/**
	 * Sends what is due. `force`: also what is still backing off (back online, the live socket
	 * reconnected). A kick during a round asks for one more round after it.
	 */
	kick(force = false): Promise<void> {
		return this.#loop.kick(force);
	}

	/** No more sending; a request under way ends without anything more being written after it. */
	stop(): void {
		this.#loop.stop();
	}

	get #stopped(): boolean {
		return this.#loop.stopped;
	}

	async #sendOne(clientKey: string): Promise<Outcome> {
		const { store, transport, onsending } = this.#options;
		onsending(clientKey);
		try {
			for (;;) {
				const entry = await store.get(clientKey);
				if (!entry || entry.state !== 'waiting' || this.#stopped) return 'gone';
				const index = nextPhotoToUpload(entry);
				if (index >= 0) {
					const answer = await transport.uploadPhoto(entry.communityId, entry.photos[index].blob);
					if (this.#stopped) return 'gone';
					if (answer.kind !== 'ok') return await this.#notSent(clientKey, answer);
					if (!(await this.#apply(clientKey, (stored) => photoUploaded(stored, index, answer.body.id)))) return 'gone';
					continue;
				}
				const answer = await transport.postMatter(entry.communityId, matterBody(entry));
				if (this.#stopped) return 'gone';
				if (answer.kind !== 'ok') return await this.#notSent(clientKey, answer);
				await this.#apply(clientKey, (stored) => markSent(stored, answer.body, this.#options.now()));
				return 'sent';
			}
		} finally {
			onsending(null);
		}
	}

	async #notSent(clientKey: string, answer: Exclude<Answer<unknown>, { kind: 'ok' }>): Promise<Outcome> {
		if (answer.kind === 'refused') {
			await this.#apply(clientKey, (entry) => markRefused(entry, answer.refusal));
			return 'refused';
		}
		await this.#apply(clientKey, (entry) => markFailed(entry, this.#options.now(), this.#options.random()));
		return 'retry';
	}

	async #apply(clientKey: string, change: (entry: OutboxEntry) => OutboxEntry): Promise<OutboxEntry | null> {
		const changed = await this.#options.store.update(clientKey, change);
		if (changed) this.#options.onchange(changed);
		return changed;
	}
}
