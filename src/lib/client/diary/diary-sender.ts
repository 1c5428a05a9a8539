/**
 * Sends the liaison's waiting diary changes, oldest first (a day's entries before its done
 * mark): a new entry by POST with its id (a repeat gets the same entry back), an edited one by
 * PATCH, a deleted one by DELETE, a done mark by POST. No answer or a 5xx: the change backs off
 * and the round ends, the network being likely gone for the others too. A 4xx: refused and kept.
 */
import type { KeyedStore } from '$lib/client/outbox/keyed-store';
import { markFailed, markRefused } from '$lib/client/outbox/outbox-record';
import type { Answer } from '$lib/client/outbox/send-answer';
import { SendLoop, type LoopOptions, type Outcome } from '$lib/client/outbox/send-loop';
import type { DiaryTransport } from './diary-api';
import { markAttempted, markConfirmed, markOnServer, nextStep, type DiaryChange, type EntryChange } from './diary-change';

export type DiarySenderOptions = Omit<LoopOptions<DiaryChange>, 'store' | 'sendOne'> & {
	store: KeyedStore<DiaryChange>;
	transport: DiaryTransport;
	/** After every change the sender stored or dropped. */
	onchange: () => void;
	onsending: (key: string | null) => void;
	random?: () => number;
};

/** The server's "this id is an entry already": a POST that landed without its answer. */
const idTaken = 'error_diary_entry_id_taken';

export class DiarySender {
	readonly #options: DiarySenderOptions & { now: () => number; random: () => number };
	readonly #loop: SendLoop<DiaryChange>;

	constructor(options: DiarySenderOptions) {
		this.#options = { ...options, now: options.now ?? (() => Date.now()), random: options.random ?? (() => Math.random()) };
		this.#loop = new SendLoop({ ...options, now: this.#options.now, sendOne: (key) => this.#sendOne(key) });
	}

	kick(force = false): Promise<void> {
		return this.#loop.kick(force);
	}

	stop(): void {
		this.#loop.stop();
	}

	async #sendOne(key: string): Promise<Outcome> {
		const { store, onsending } = this.#options;
		onsending(key);
		try {
			for (;;) {
				const change = await store.get(key);
				if (!change || this.#loop.stopped) return 'gone';
				const step = nextStep(change);
				if (step.kind === 'none') return change.state === 'sent' ? 'sent' : 'gone';
				if (step.kind === 'drop') {
					await store.delete(key);
					this.#options.onchange();
					return 'sent';
				}
				if (step.kind === 'post' && !(await this.#apply(key, markAttempted))) return 'gone';
				const answer = await this.#request(change, step.kind);
				if (this.#loop.stopped) return 'gone';
				if (answer.kind === 'refused' && step.kind === 'post' && answer.refusal.code === idTaken) {
					if (!(await this.#apply(key, (stored) => markOnServer(stored as EntryChange)))) return 'gone';
					continue;
				}
				if (answer.kind !== 'ok') return await this.#notSent(key, answer);
				await this.#apply(key, (stored) => markConfirmed(stored, step.revision, this.#options.now()));
			}
		} finally {
			onsending(null);
		}
	}

	#request(change: DiaryChange, kind: 'post' | 'patch' | 'delete' | 'done'): Promise<Answer<unknown>> {
		const { transport } = this.#options;
		const place = { date: change.date, community: change.communityId };
		if (change.kind === 'done') return transport.postDone(place);
		if (kind === 'delete') return transport.deleteEntry(change.entryId);
		const fields = change.fields!;
		return kind === 'post' ? transport.postEntry({ id: change.entryId, ...place, ...fields }) : transport.patchEntry(change.entryId, fields);
	}

	async #notSent(key: string, answer: Exclude<Answer<unknown>, { kind: 'ok' }>): Promise<Outcome> {
		if (answer.kind === 'refused') {
			await this.#apply(key, (change) => markRefused(change, answer.refusal));
			return 'refused';
		}
		await this.#apply(key, (change) => markFailed(change, this.#options.now(), this.#options.random()));
		return 'retry';
	}

	async #apply(key: string, change: (stored: DiaryChange) => DiaryChange): Promise<DiaryChange | null> {
		const changed = await this.#options.store.update(key, change);
		if (changed) this.#options.onchange();
		return changed;
	}
}
