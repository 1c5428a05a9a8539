/**
 * An outbox's IndexedDB database: `grid-dispatch:<userId>:<name>`, so sign-out
 * (`clearLocalData`) deletes it with the user's other copies and another user on the same phone
 * never opens it. Its object stores are given by the outbox (`OutboxLayout`): records keyed by
 * one of their fields, or values kept under a name. Phones keep these databases between app
 * versions: a layout only ever gains stores, under a higher version.
 */
import { rememberDatabase } from '$lib/client/sync/local-data';
import type { KeptValues, KeyPath, KeyedStore } from './keyed-store';

/** A store of records has a `keyPath`; a store of named values has none. */
export type OutboxLayout = { version: number; stores: readonly { name: string; keyPath?: string }[] };

function done<T>(request: IDBRequest<T>): Promise<T> {
	return new Promise((resolve, reject) => {
		request.onsuccess = () => resolve(request.result);
		request.onerror = () => reject(request.error);
	});
}

/** Resolves once the writes are committed, not merely queued. */
function committed(transaction: IDBTransaction): Promise<void> {
	return new Promise((resolve, reject) => {
		transaction.oncomplete = () => resolve();
		transaction.onerror = () => reject(transaction.error);
		transaction.onabort = () => reject(transaction.error);
	});
}

export class OutboxDatabase {
	readonly #db: IDBDatabase;

	private constructor(db: IDBDatabase) {
		this.#db = db;
		// Sign-out deletes the database; an open connection would hold that up until the page goes.
		db.onversionchange = () => db.close();
	}

	static async open(userId: string, name: string, layout: OutboxLayout): Promise<OutboxDatabase> {
		rememberDatabase(typeof localStorage === 'undefined' ? null : localStorage, userId, name);
		const request = indexedDB.open(name, layout.version);
		request.onupgradeneeded = () => {
			const db = request.result;
			for (const { name: store, keyPath } of layout.stores) {
				if (!db.objectStoreNames.contains(store)) db.createObjectStore(store, keyPath ? { keyPath } : undefined);
			}
		};
		return new OutboxDatabase(await done(request));
	}

	/** False when the browser lists its databases and this one is not among them (opening would create it). */
	static async exists(name: string): Promise<boolean> {
		if (typeof indexedDB === 'undefined') return false;
		if (!('databases' in indexedDB)) return true;
		const listed = await indexedDB.databases().catch(() => null);
		return !listed || listed.some((info) => info.name === name);
	}

	close(): void {
		this.#db.close();
	}

	records<T>(storeName: string, keyPath: KeyPath<T>): KeyedStore<T> {
		const db = this.#db;
		const read = () => db.transaction(storeName).objectStore(storeName);
		const write = async (request: (store: IDBObjectStore) => void) => {
			const transaction = db.transaction(storeName, 'readwrite');
			request(transaction.objectStore(storeName));
			await committed(transaction);
		};
		return {
			keyOf: (record) => record[keyPath] as string,
			all: () => done(read().getAll()),
			get: (key) => done(read().get(key)),
			put: (record) => write((store) => store.put(record)),
			delete: (key) => write((store) => store.delete(key)),
			async update(key, change) {
				let result: T | null = null;
				// Read and write in one transaction, with callbacks: nothing can slip in between.
				await write((store) => {
					store.get(key).onsuccess = (event) => {
						const stored = (event.target as IDBRequest<T | undefined>).result;
						if (!stored) return;
						result = change(stored);
						store.put(result);
					};
				});
				return result;
			}
		};
	}

	values(storeName: string): KeptValues {
		const db = this.#db;
		return {
			read: (key) => done(db.transaction(storeName).objectStore(storeName).get(key)),
			async write(key, value) {
				const transaction = db.transaction(storeName, 'readwrite');
				transaction.objectStore(storeName).put(value, key);
				await committed(transaction);
			}
		};
	}
}
