/**
 * Where an outbox keeps its records: IndexedDB in the browser (`outbox-database.ts`), memory in
 * tests and in browsers that refuse IndexedDB. Each record carries its own key (`keyPath`).
 */

export interface KeyedStore<T> {
	/** The record's key: its `keyPath` field. */
	keyOf(record: T): string;
	all(): Promise<T[]>;
	get(key: string): Promise<T | undefined>;
	put(record: T): Promise<void>;
	/**
	 * Changes a stored record in one step; null, and nothing written, when it is gone: a record
	 * the user discarded during a send must not come back.
	 */
	update(key: string, change: (stored: T) => T): Promise<T | null>;
	delete(key: string): Promise<void>;
}

/** Small things kept between visits under a name: the last fetched lists, the last building reported. */
export interface KeptValues {
	read(key: string): Promise<unknown>;
	write(key: string, value: unknown): Promise<void>;
}

/** Field names of `T` whose values are strings: what a record can be keyed by. */
export type KeyPath<T> = { [K in keyof T]: T[K] extends string ? K : never }[keyof T] & string;

export class MemoryStore<T> implements KeyedStore<T> {
	readonly #records = new Map<string, T>();
	readonly #keyPath: KeyPath<T>;

	constructor(keyPath: KeyPath<T>) {
		this.#keyPath = keyPath;
	}

	keyOf(record: T): string {
		return record[this.#keyPath] as string;
	}

	async all(): Promise<T[]> {
		return [...this.#records.values()];
	}

	async get(key: string): Promise<T | undefined> {
		return this.#records.get(key);
	}

	async put(record: T): Promise<void> {
		this.#records.set(this.keyOf(record), record);
	}

	async update(key: string, change: (stored: T) => T): Promise<T | null> {
		const stored = this.#records.get(key);
		if (!stored) return null;
		const changed = change(stored);
		this.#records.set(key, changed);
		return changed;
	}

	async delete(key: string): Promise<void> {
		this.#records.delete(key);
	}
}

export class MemoryKeptValues implements KeptValues {
	readonly #values = new Map<string, unknown>();

	async read(key: string): Promise<unknown> {
		return this.#values.get(key);
	}

	async write(key: string, value: unknown): Promise<void> {
		this.#values.set(key, value);
	}
}
