import type { OutboxEntry } from './outbox-entry';

/** Where unsent reports are kept; IndexedDB in the browser (`matters-db.ts`), memory in tests. */
export interface OutboxStore {
	all(): Promise<OutboxEntry[]>;
	get(clientKey: string): Promise<OutboxEntry | undefined>;
	put(entry: OutboxEntry): Promise<void>;
	/**
	 * Changes a stored entry in one step; null, and nothing written, when it is gone: a report
	 * the liaison discarded during a send must not come back.
	 */
	update(clientKey: string, change: (entry: OutboxEntry) => OutboxEntry): Promise<OutboxEntry | null>;
	delete(clientKey: string): Promise<void>;
}

/** Small things kept between visits: the last fetched lists, the last building reported. */
export interface KeptValues {
	read(key: string): Promise<unknown>;
	write(key: string, value: unknown): Promise<void>;
}

/** For tests, and for browsers that refuse IndexedDB (reports then last as long as the page). */
export class MemoryStore implements OutboxStore, KeptValues {
	readonly #entries = new Map<string, OutboxEntry>();
	readonly #values = new Map<string, unknown>();

	async all(): Promise<OutboxEntry[]> {
		return [...this.#entries.values()];
	}

	async get(clientKey: string): Promise<OutboxEntry | undefined> {
		return this.#entries.get(clientKey);
	}

	async put(entry: OutboxEntry): Promise<void> {
		this.#entries.set(entry.clientKey, entry);
	}

	async update(clientKey: string, change: (entry: OutboxEntry) => OutboxEntry): Promise<OutboxEntry | null> {
		const entry = this.#entries.get(clientKey);
		if (!entry) return null;
		const changed = change(entry);
		this.#entries.set(clientKey, changed);
		return changed;
	}

	async delete(clientKey: string): Promise<void> {
		this.#entries.delete(clientKey);
	}

	async read(key: string): Promise<unknown> {
		return this.#values.get(key);
	}

	async write(key: string, value: unknown): Promise<void> {
		this.#values.set(key, value);
	}
}
