import { userPrefix } from '$lib/client/sync/local-data';
import { requestPersistentStorage } from '$lib/client/sync/persistent-storage';
import type { SyncState } from '$lib/client/sync/sync-state';
import type { KeyedStore } from './keyed-store';
import { isUnsent, type OutboxRecord } from './outbox-record';
import { tabLock, type Exclusive } from './send-loop';

/** What an outbox opens for a user: its records, and whatever else it keeps beside them. */
export type OutboxShelf<R> = { records: KeyedStore<R>; close(): void };

/** Where a kind of outbox keeps its shelf. */
export type OutboxStorage<S> = {
	/** The user's database; throws when the browser refuses IndexedDB. */
	open(userId: string): Promise<S>;
	/** False when the user has no database here (opening one only to count would create it). */
	exists(userId: string): Promise<boolean>;
	/** For a browser that refuses IndexedDB: kept as long as the page. */
	inMemory(): S;
};

export type Sender = { kick(force?: boolean): Promise<void>; stop(): void };

/** What the host gives the sender it makes: one tab at a time, and what to tell the screens. */
export type SenderHooks = {
	exclusive: Exclusive;
	/** After every record the sender stored or dropped. */
	onchange: () => void;
	/** The record being sent now, null between records. */
	onsending: (key: string | null) => void;
	/** A loop ended with nothing waiting, after sending something. */
	onidle: () => void;
};

export type OutboxKind<R, S extends OutboxShelf<R>> = {
	/** Names the database's tab channel and send lock: `grid-dispatch:<userId>:<name>`. */
	name: string;
	storage: OutboxStorage<S>;
	sender(shelf: S, hooks: SenderHooks): Sender;
	/** The order the screens list the records in. */
	order(records: readonly R[]): R[];
};

type Opened<S> = { shelf: S; sender: Sender; tell: (message: Message) => void; close: () => void };
type Message = 'changed' | 'delivered';

/**
 * The signed-in user's outbox of one kind (reported matters, diary changes), as runes: opened by
 * the layout for the user, closed at sign-out or when another user signs in. Records are written
 * to IndexedDB the moment the user saves, then sent by the kind's sender now, when the browser is
 * back online, when the live socket reconnects, and with back-off; a reload resumes where it
 * stopped. Other tabs of the same user hear of every change over a BroadcastChannel and read the
 * records again. The kinds (`MatterOutbox`, `DiaryOutbox`) add only what they write.
 */
export class OutboxHost<R extends OutboxRecord, S extends OutboxShelf<R>> {
	/** Waiting, refused, and sent ones until the server's lists show them, in the kind's order. */
	records = $state.raw<R[]>([]);
	/** The key of the record being sent right now. */
	sending = $state<string | null>(null);
	/** False when this browser refused IndexedDB: records then last only as long as the page. */
	persistent = $state(true);
	/** Moves on once the server has confirmed records and none waits any more: pages showing them read again. */
	delivered = $state(0);
	readonly #kind: OutboxKind<R, S>;
	/** Pending until the layout opens the outbox: components mounted first wait for it, not miss it. */
	#opened: Promise<Opened<S> | null>;
	#firstOpen: ((opened: Promise<Opened<S> | null>) => void) | null = null;
	#generation = 0;
	#userId: string | null = null;
	#lastConnection: SyncState | null = null;
	#current: Opened<S> | null = null;

	constructor(kind: OutboxKind<R, S>) {
		this.#kind = kind;
		this.#opened = new Promise((resolve) => (this.#firstOpen = resolve));
	}

	/** Records waiting to be sent (the header counts them with unsynced door marks). */
	get waiting(): number {
		return this.records.filter((record) => record.state === 'waiting').length;
	}

	/**
	 * The user's unsent records as stored, other tabs' included: what signing out would delete.
	 * Read from the database when the outbox is not open for the user.
	 */
	async countUnsent(userId: string): Promise<number> {
		const opened = !this.#firstOpen && this.#userId === userId ? await this.#opened : null;
		if (opened) return countUnsentIn(opened.shelf.records);
		if (!(await this.#kind.storage.exists(userId).catch(() => false))) return 0;
		const shelf = await this.#kind.storage.open(userId).catch(() => null);
		if (!shelf) return 0;
		try {
			return await countUnsentIn(shelf.records);
		} finally {
			shelf.close();
		}
	}

	/** Opens the user's outbox and starts sending; returns the cleanup that stops it. */
	open(userId: string): () => void {
		requestPersistentStorage();
		const generation = ++this.#generation;
		this.#userId = userId;
		this.#opened = this.#start(userId, generation);
		this.#firstOpen?.(this.#opened);
		this.#firstOpen = null;
		return () => {
			if (this.#generation === generation) void this.close();
		};
	}

	/** Stops sending and closes the database (sign-out deletes it next). */
	async close(): Promise<void> {
		this.#generation++;
		this.#firstOpen?.(Promise.resolve(null));
		this.#firstOpen = null;
		const closing = this.#opened;
		this.#opened = Promise.resolve(null);
		this.#current = null;
		this.records = [];
		this.sending = null;
		const opened = await closing;
		// A request under way is not waited for: what it answers is simply not written any more.
		opened?.sender.stop();
		opened?.close();
	}

	/** Sends what is due; `force` also what is backing off. */
	kick(force = false): void {
		void this.#opened.then((opened) => opened?.sender.kick(force));
	}

	/** The live socket's state: coming back from offline is a good moment to send. */
	noteConnection(state: SyncState | null): void {
		const wasOffline = this.#lastConnection === 'offline';
		this.#lastConnection = state;
		if (wasOffline && state && state !== 'offline') this.kick(true);
	}

	/** The user gives up a record that was not sent (or was refused). */
	async discard(key: string): Promise<void> {
		const opened = await this.#opened;
		if (!opened || this.sending === key) return;
		await opened.shelf.records.delete(key);
		this.#changed(opened);
	}

	/** The open shelf; null when closed (nobody signed in, or signed out). */
	protected async shelf(): Promise<S | null> {
		return (await this.#opened)?.shelf ?? null;
	}

	/** Writes to the open shelf, tells the screens and other tabs, then (`send`) tries to send. */
	protected async change(write: (shelf: S) => Promise<void>, { send = true } = {}): Promise<void> {
		const opened = await this.#opened;
		if (!opened) throw new Error(`The ${this.#kind.name} outbox is not open`);
		await write(opened.shelf);
		this.#changed(opened);
		if (send) void opened.sender.kick();
	}

	/** Forgets the records `settled` picks (sent ones the server's lists now show). */
	protected async forget(settled: (record: R, now: number) => boolean): Promise<void> {
		const opened = await this.#opened;
		if (!opened) return;
		const now = Date.now();
		const gone = (await opened.shelf.records.all()).filter((record) => settled(record, now));
		if (gone.length === 0) return;
		for (const record of gone) await opened.shelf.records.delete(opened.shelf.records.keyOf(record));
		this.#changed(opened);
	}

	async #start(userId: string, generation: number): Promise<Opened<S> | null> {
		const { name, storage } = this.#kind;
		let shelf: S;
		try {
			shelf = await storage.open(userId);
		} catch {
			shelf = storage.inMemory();
			this.persistent = false;
		}
		// Other tabs of the same user say when they changed the outbox; this one then reads it again.
		const channel = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(`${userPrefix(userId)}${name}`);
		const onOnline = () => void sender.kick(true);
		const opened: Opened<S> = {
			shelf,
			sender: this.#kind.sender(shelf, {
				exclusive: tabLock(`${userPrefix(userId)}${name}-send`),
				onchange: () => this.#changed(opened),
				onsending: (key) => {
					if (this.#current === opened) this.sending = key;
				},
				onidle: () => this.#delivered(opened, true)
			}),
			tell: (message) => channel?.postMessage(message),
			close: () => {
				if (typeof window !== 'undefined') window.removeEventListener('online', onOnline);
				channel?.close();
				shelf.close();
			}
		};
		const sender = opened.sender;
		if (generation !== this.#generation) {
			opened.close();
			return null;
		}
		if (channel) {
			channel.onmessage = (event: MessageEvent<Message>) =>
				event.data === 'delivered' ? this.#delivered(opened, false) : void this.#reload(opened);
		}
		if (typeof window !== 'undefined') window.addEventListener('online', onOnline);
		this.#current = opened;
		await this.#reload(opened);
		void sender.kick();
		return opened;
	}

	async #reload(opened: Opened<S>): Promise<void> {
		const records = await opened.shelf.records.all().catch(() => null);
		if (records && this.#current === opened) this.records = this.#kind.order(records);
	}

	#changed(opened: Opened<S>): void {
		if (this.#current !== opened) return;
		void this.#reload(opened);
		opened.tell('changed');
	}

	/** Once per loop that emptied the outbox, not once per record: each bump reloads a page. */
	#delivered(opened: Opened<S>, here: boolean): void {
		if (this.#current !== opened) return;
		this.delivered++;
		if (here) opened.tell('delivered');
	}
}

async function countUnsentIn<R extends OutboxRecord>(records: KeyedStore<R>): Promise<number> {
	return (await records.all().catch(() => [])).filter(isUnsent).length;
}
