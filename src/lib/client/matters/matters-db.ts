/**
 * The liaison's reports on this phone, in IndexedDB: `grid-dispatch:<userId>:matters`, so
 * sign-out (`clearLocalData`) deletes it with the user's other copies and another user on the
 * same phone never opens it. Store `outbox`: one entry per report, photos as Blobs, keyed by
 * clientKey. Store `kept`: the last fetched lists and the last building, keyed by name.
 */
import { mattersDatabaseName, rememberDatabase } from '$lib/client/sync/local-data';
import type { OutboxEntry } from './outbox-entry';
import type { KeptValues, OutboxStore } from './outbox-store';

const version = 1;
const outboxStore = 'outbox';
const keptStore = 'kept';

function done<T>(request: IDBRequest<T>): Promise<T> {
	return new Promise((resolve, reject) => {
		request.onsuccess = () => resolve(request.result);
		request.onerror = () => reject(request.error);
	});
}

function open(name: string): Promise<IDBDatabase> {
	const request = indexedDB.open(name, version);
	request.onupgradeneeded = () => {
		const db = request.result;
		if (!db.objectStoreNames.contains(outboxStore)) db.createObjectStore(outboxStore, { keyPath: 'clientKey' });
		if (!db.objectStoreNames.contains(keptStore)) db.createObjectStore(keptStore);
	};
	return done(request);
}

export class MattersDatabase implements OutboxStore, KeptValues {
	readonly #db: IDBDatabase;

	private constructor(db: IDBDatabase) {
		this.#db = db;
		// Sign-out deletes the database; an open connection would hold that up until the page goes.
		db.onversionchange = () => db.close();
	}

	static async open(userId: string): Promise<MattersDatabase> {
		const name = mattersDatabaseName(userId);
		rememberDatabase(typeof localStorage === 'undefined' ? null : localStorage, userId, name);
		return new MattersDatabase(await open(name));
	}

	close(): void {
		this.#db.close();
	}

	all(): Promise<OutboxEntry[]> {
		return done(this.#db.transaction(outboxStore).objectStore(outboxStore).getAll());
	}

	get(clientKey: string): Promise<OutboxEntry | undefined> {
		return done(this.#db.transaction(outboxStore).objectStore(outboxStore).get(clientKey));
	}

	async put(entry: OutboxEntry): Promise<void> {
		await this.#write(outboxStore, (store) => store.put(entry));
	}

	update(clientKey: string, change: (entry: OutboxEntry) => OutboxEntry): Promise<OutboxEntry | null> {
		return new Promise((resolve, reject) => {
			const transaction = this.#db.transaction(outboxStore, 'readwrite');
			const store = transaction.objectStore(outboxStore);
			let result: OutboxEntry | null = null;
			// Read and write in one transaction, with callbacks: nothing can slip in between.
			store.get(clientKey).onsuccess = (event) => {
				const entry = (event.target as IDBRequest<OutboxEntry | undefined>).result;
				if (!entry) return;
				result = change(entry);
				store.put(result);
			};
			transaction.oncomplete = () => resolve(result);
			transaction.onerror = () => reject(transaction.error);
			transaction.onabort = () => reject(transaction.error);
		});
	}

	async delete(clientKey: string): Promise<void> {
		await this.#write(outboxStore, (store) => store.delete(clientKey));
	}

	read(key: string): Promise<unknown> {
		return done(this.#db.transaction(keptStore).objectStore(keptStore).get(key));
	}

	async write(key: string, value: unknown): Promise<void> {
		await this.#write(keptStore, (store) => store.put(value, key));
	}

	/** Resolves once the write is committed, not merely queued. */
	#write(storeName: string, request: (store: IDBObjectStore) => IDBRequest): Promise<void> {
		return new Promise((resolve, reject) => {
			const transaction = this.#db.transaction(storeName, 'readwrite');
			request(transaction.objectStore(storeName));
			transaction.oncomplete = () => resolve();
			transaction.onerror = () => reject(transaction.error);
			transaction.onabort = () => reject(transaction.error);
		});
	}
}
