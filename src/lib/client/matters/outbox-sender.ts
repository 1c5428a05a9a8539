/**
 * Sends the waiting reports of the outbox, oldest first: each photo not yet uploaded (its id
 * kept at once, so a retry skips it), then the matter with its clientKey (a repeated POST gets
 * the same matter back). No answer or a 5xx: the report backs off and the round ends, the
 * network being likely gone for the others too. A 4xx: the report is refused and kept.
 */
import { isDue, markFailed, markRefused, markSent, matterBody, nextPhotoToUpload, nextWakeAt, photoUploaded, type OutboxEntry } from './outbox-entry';
import type { OutboxStore } from './outbox-store';
import type { Transport } from './matter-api';
import type { Answer } from './send-answer';

/** Runs `send` unless another tab of the same user is sending; false when it did not run. */
export type Exclusive = (send: () => Promise<void>) => Promise<boolean>;

export type SenderOptions = {
	store: OutboxStore;
	transport: Transport;
	/** Every entry the sender changed, as stored. */
	onchange: (entry: OutboxEntry) => void;
	/** The report being sent now, null between reports. */
	onsending: (clientKey: string | null) => void;
	exclusive?: Exclusive;
	/** False when the browser knows it has no network: nothing is tried until `online` kicks again. */
	isOnline?: () => boolean;
	now?: () => number;
	random?: () => number;
	setTimer?: (run: () => void, ms: number) => unknown;
	clearTimer?: (handle: unknown) => void;
};

type Outcome = 'sent' | 'refused' | 'retry' | 'gone';

/** Another tab sends meanwhile; look again after this long, in case it closed. */
const otherTabWaitMs = 30_000;

/** One tab at a time, where the browser has Web Locks (https and localhost); else every tab sends. */
export function tabLock(name: string): Exclusive {
	return async (send) => {
		const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
		if (!locks) {
			await send();
			return true;
		}
		return locks.request(name, { ifAvailable: true }, async (lock) => {
			if (!lock) return false;
			await send();
			return true;
		});
	};
}

export class OutboxSender {
	readonly #options: Required<SenderOptions>;
	#running: Promise<void> | null = null;
	#again = false;
	#force = false;
	#timer: unknown = null;
	#stopped = false;

	constructor(options: SenderOptions) {
		this.#options = {
			exclusive: async (send) => {
				await send();
				return true;
			},
			isOnline: () => typeof navigator === 'undefined' || navigator.onLine !== false,
			now: () => Date.now(),
			random: () => Math.random(),
			setTimer: (run, ms) => setTimeout(run, ms),
			clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
			...options
		};
	}

	/**
	 * Sends what is due. `force`: also what is still backing off (back online, the live socket
	 * reconnected). A kick during a round asks for one more round after it.
	 */
	kick(force = false): Promise<void> {
		if (this.#stopped) return Promise.resolve();
		this.#force ||= force;
		if (this.#running) {
			this.#again = true;
			return this.#running;
		}
		this.#running = this.#loop().finally(() => (this.#running = null));
		return this.#running;
	}

	/** No more sending; a request under way ends without anything more being written after it. */
	stop(): void {
		this.#stopped = true;
		this.#options.clearTimer(this.#timer);
	}

	async #loop(): Promise<void> {
		this.#options.clearTimer(this.#timer);
		if (!this.#options.isOnline()) return;
		do {
			this.#again = false;
			const force = this.#force;
			this.#force = false;
			const ran = await this.#options.exclusive(() => this.#round(force)).catch(() => true);
			if (!ran) return this.#wake(otherTabWaitMs);
		} while (this.#again && !this.#stopped);
		const wakeAt = nextWakeAt(await this.#options.store.all().catch(() => []));
		if (wakeAt !== null) this.#wake(wakeAt - this.#options.now());
	}

	#wake(inMs: number): void {
		if (this.#stopped) return;
		this.#options.clearTimer(this.#timer);
		this.#timer = this.#options.setTimer(() => void this.kick(), Math.max(inMs, 1000));
	}

	async #round(force: boolean): Promise<void> {
		const now = this.#options.now();
		const due = (await this.#options.store.all()).filter((entry) => isDue(entry, now, force)).sort((a, b) => a.createdAt - b.createdAt);
		for (const entry of due) {
			if (this.#stopped) return;
			if ((await this.#sendOne(entry.clientKey)) === 'retry') return;
		}
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
