import { countPending, mergeClocks, type Clocks } from './clocks';

export type LedgerStorage = Pick<Storage, 'getItem' | 'setItem'>;

/** What survives a reload: own client ids (with when they last wrote) and their stored clocks. */
type SavedLedger = { own: Record<string, number>; stored: Record<string, number> };

/** A tab that keeps writing with a client id refreshes its entry this often, so others never prune it. */
const refreshAfterMs = 60_000;
/** A fully confirmed client id nobody wrote with for this long will never write again. */
const forgetAfterMs = 24 * 60 * 60 * 1000;

const entriesOf = (record: Record<string, number>) =>
	Object.entries(record).map(([client, value]) => [Number(client), value] as const);

/**
 * Which of this browser's changes to a document the server has stored. A reload gives the
 * document a new client id while the unconfirmed changes of the old one wait in IndexedDB,
 * so the own client ids and their confirmed clocks are kept in `storage` (localStorage).
 * Saves merge with what is there (other tabs of the same user write the same entry).
 */
export class ConfirmationLedger {
	readonly #storage: LedgerStorage | null;
	readonly #key: string;
	readonly #now: () => number;
	/** Own client id → when this tab last saved a write with it. */
	readonly #own = new Map<number, number>();
	readonly #stored: Clocks = new Map();
	/** Clocks the server forwarded to us: another tab's writes, which that tab is responsible for. */
	readonly #forwarded: Clocks = new Map();

	constructor(storage: LedgerStorage | null, key: string, now: () => number = Date.now) {
		this.#storage = storage;
		this.#key = key;
		this.#now = now;
		const saved = this.#read();
		for (const [client, at] of entriesOf(saved.own)) this.#own.set(client, at);
		mergeClocks(this.#stored, entriesOf(saved.stored));
	}

	get ownClientIds(): number[] {
		return [...this.#own.keys()];
	}

	/** A local transaction wrote with `client`; saved before the change itself reaches IndexedDB. */
	noteLocalWrite(client: number): void {
		const now = this.#now();
		const last = this.#own.get(client);
		if (last !== undefined && now - last < refreshAfterMs) return;
		this.#own.set(client, now);
		this.#save((saved) => {
			saved.own[client] = Math.max(saved.own[client] ?? 0, now);
		});
	}

	/** The server reported what it has stored durably; true when a clock moved. */
	noteStored(clocks: Iterable<readonly [number, number]>): boolean {
		if (!mergeClocks(this.#stored, clocks)) return false;
		this.#save((saved) => {
			for (const client of this.#own.keys()) {
				const clock = this.#stored.get(client);
				if (clock !== undefined && clock > (saved.stored[client] ?? 0)) saved.stored[client] = clock;
			}
		});
		return true;
	}

	/** The server sent changes of `client` up to `clock`; true when a clock moved. */
	noteForwarded(client: number, clock: number): boolean {
		return mergeClocks(this.#forwarded, [[client, clock]]);
	}

	/**
	 * Whether the server holds the change written as `client`:`clock`. Changes of other client
	 * ids reached us through the server, so only this browser's own ones can still be waiting.
	 */
	isStored(client: number, clock: number): boolean {
		return !this.#own.has(client) || clock < this.#confirmedClock(client);
	}

	pending(localClock: (client: number) => number): number {
		return countPending(this.#own.keys(), localClock, (client) => this.#confirmedClock(client));
	}

	/**
	 * Own client ids a page may write with again, the most recently used first: the server has
	 * stored every change of them and this copy holds every one (its clock is neither behind, as
	 * after a lost IndexedDB, nor ahead, as with a refused or unsent change), so the next change
	 * starts at the very clock the server expects. Writing on one id per phone keeps the
	 * community document from gaining a client id, and its bookkeeping, at every page load.
	 */
	reusableClientIds(localClock: (client: number) => number): number[] {
		return [...this.#own]
			.filter(([client]) => {
				const clock = localClock(client);
				return clock > 0 && clock === this.#confirmedClock(client);
			})
			.sort(([, a], [, b]) => b - a)
			.map(([client]) => client);
	}

	/**
	 * Drops own client ids whose changes are all confirmed and which nobody wrote with lately,
	 * except the newest reusable one, which the next page load writes on.
	 */
	forgetConfirmed(localClock: (client: number) => number, currentClient: number): void {
		const cutoff = this.#now() - forgetAfterMs;
		const [kept] = this.reusableClientIds(localClock);
		const done = [...this.#own].filter(
			([client, at]) =>
				client !== currentClient && client !== kept && at < cutoff && localClock(client) <= this.#confirmedClock(client)
		);
		if (done.length === 0) return;
		for (const [client] of done) this.#own.delete(client);
		this.#save((saved) => {
			for (const [client] of done) {
				if ((saved.own[client] ?? 0) >= cutoff) continue;
				delete saved.own[client];
				delete saved.stored[client];
			}
		});
	}

	#confirmedClock(client: number): number {
		return Math.max(this.#stored.get(client) ?? 0, this.#forwarded.get(client) ?? 0);
	}

	#read(): SavedLedger {
		try {
			const raw = this.#storage?.getItem(this.#key);
			const parsed = raw ? (JSON.parse(raw) as Partial<SavedLedger>) : {};
			return { own: numbersOnly(parsed.own), stored: numbersOnly(parsed.stored) };
		} catch {
			return { own: {}, stored: {} };
		}
	}

	#save(change: (saved: SavedLedger) => void): void {
		if (!this.#storage) return;
		const saved = this.#read();
		change(saved);
		try {
			this.#storage.setItem(this.#key, JSON.stringify(saved));
		} catch {
			// Storage full or blocked: the ledger still works for this page, only a reload forgets more.
		}
	}
}

function numbersOnly(value: unknown): Record<string, number> {
	const result: Record<string, number> = {};
	if (!value || typeof value !== 'object') return result;
	for (const [key, entry] of Object.entries(value)) {
		if (/^\d+$/.test(key) && typeof entry === 'number' && Number.isFinite(entry)) result[key] = entry;
	}
	return result;
}
