/**
 * The timing of an outbox on the phone (reported matters, diary changes): rounds of sending
 * started by `kick`, one at a time and one tab at a time, a round more when kicked during one,
 * nothing while the browser knows it is offline, and a timer for the earliest record still
 * backing off. A round takes the due records, oldest first; how one is sent is the outbox's own
 * (`sendOne`).
 */
import type { KeyedStore } from './keyed-store';
import { isDue, nextWakeAt, oldestFirst, type OutboxRecord } from './outbox-record';

/** Runs `send` unless another tab of the same user is sending; false when it did not run. */
export type Exclusive = (send: () => Promise<void>) => Promise<boolean>;

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

/** What became of one record in a round: a 'retry' ends the round (the network is likely gone). */
export type Outcome = 'sent' | 'refused' | 'retry' | 'gone';

export type LoopOptions<R extends OutboxRecord> = {
	store: KeyedStore<R>;
	/** Sends one due record, read afresh from the store by its key. */
	sendOne: (key: string) => Promise<Outcome>;
	/** Once a loop ends with nothing waiting, when something was sent since the last time. */
	onidle?: () => void;
	exclusive?: Exclusive;
	/** False when the browser knows it has no network: nothing is tried until `online` kicks again. */
	isOnline?: () => boolean;
	now?: () => number;
	setTimer?: (run: () => void, ms: number) => unknown;
	clearTimer?: (handle: unknown) => void;
};

/** Another tab sends meanwhile; look again after this long, in case it closed. */
const otherTabWaitMs = 30_000;

const alone: Exclusive = async (send) => {
	await send();
	return true;
};

export class SendLoop<R extends OutboxRecord> {
	readonly #store: KeyedStore<R>;
	readonly #sendOne: (key: string) => Promise<Outcome>;
	readonly #onidle: () => void;
	readonly #exclusive: Exclusive;
	readonly #isOnline: () => boolean;
	readonly #now: () => number;
	readonly #setTimer: (run: () => void, ms: number) => unknown;
	readonly #clearTimer: (handle: unknown) => void;
	#running: Promise<void> | null = null;
	#again = false;
	#force = false;
	#timer: unknown = null;
	#stopped = false;
	#sentSinceIdle = false;

	constructor(options: LoopOptions<R>) {
		this.#store = options.store;
		this.#sendOne = options.sendOne;
		this.#onidle = options.onidle ?? (() => {});
		this.#exclusive = options.exclusive ?? alone;
		this.#isOnline = options.isOnline ?? (() => typeof navigator === 'undefined' || navigator.onLine !== false);
		this.#now = options.now ?? (() => Date.now());
		this.#setTimer = options.setTimer ?? ((run, ms) => setTimeout(run, ms));
		this.#clearTimer = options.clearTimer ?? ((handle) => clearTimeout(handle as ReturnType<typeof setTimeout>));
	}

	get stopped(): boolean {
		return this.#stopped;
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
		this.#clearTimer(this.#timer);
	}

	async #loop(): Promise<void> {
		this.#clearTimer(this.#timer);
		if (!this.#isOnline()) return;
		do {
			this.#again = false;
			const force = this.#force;
			this.#force = false;
			const ran = await this.#exclusive(() => this.#round(force)).catch(() => true);
			if (!ran) return this.#wake(otherTabWaitMs);
		} while (this.#again && !this.#stopped);
		if (this.#stopped) return;
		const wakeAt = await this.#store
			.all()
			.then(nextWakeAt)
			.catch(() => null);
		if (wakeAt !== null) return this.#wake(wakeAt - this.#now());
		if (this.#sentSinceIdle) {
			this.#sentSinceIdle = false;
			this.#onidle();
		}
	}

	/** The due records, oldest first (a day's entries before its done mark), until one must wait. */
	async #round(force: boolean): Promise<void> {
		const now = this.#now();
		const due = oldestFirst((await this.#store.all()).filter((record) => isDue(record, now, force)));
		for (const record of due) {
			if (this.#stopped) return;
			const outcome = await this.#sendOne(this.#store.keyOf(record));
			if (outcome === 'sent') this.#sentSinceIdle = true;
			if (outcome === 'retry') return;
		}
	}

	#wake(inMs: number): void {
		if (this.#stopped) return;
		this.#clearTimer(this.#timer);
		this.#timer = this.#setTimer(() => void this.kick(), Math.max(inMs, 1000));
	}
}
