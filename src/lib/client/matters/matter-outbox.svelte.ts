import { createContext } from 'svelte';
import { userPrefix } from '$lib/client/sync/local-data';
import { requestPersistentStorage } from '$lib/client/sync/persistent-storage';
import type { SyncState } from '$lib/client/sync/sync-state';
import { CategoryList } from './category-list.svelte';
import { httpTransport } from './matter-api';
import { MattersDatabase } from './matters-db';
import { createEntry, isSettled, isUnsent, newClientKey, newestFirst, type OutboxEntry, type ReportDraft, type ReportLabels } from './outbox-entry';
import { OutboxSender, tabLock } from './outbox-sender';
import { MemoryStore, type KeptValues, type OutboxStore } from './outbox-store';

export type NewReport = { communityId: string; draft: ReportDraft; labels: ReportLabels; photos: readonly Blob[] };

type Opened = { store: OutboxStore & KeptValues; sender: OutboxSender; tell: () => void; close: () => void };

/**
 * The signed-in user's unsent reports, as runes: written to IndexedDB the moment the liaison
 * taps 上报, then sent by `OutboxSender` now, when the browser is back online, when the live
 * socket reconnects, and with back-off; a reload resumes where it stopped. One per app root
 * (the layout), shared by context like `LiveSlot`.
 */
export class MatterOutbox {
	/** Newest first: waiting, refused, and sent ones until the server's list shows them. */
	entries = $state.raw<OutboxEntry[]>([]);
	/** The report being sent right now. */
	sending = $state<string | null>(null);
	/** False when this browser refused IndexedDB: reports then last only as long as the page. */
	persistent = $state(true);
	/** Pending until the layout opens the outbox: components mounted first wait for it, not miss it. */
	#opened: Promise<Opened | null>;
	#firstOpen: ((opened: Promise<Opened | null>) => void) | null = null;
	#generation = 0;
	#lastConnection: SyncState | null = null;
	#current: Opened | null = null;
	#categories = new Map<string, CategoryList>();

	constructor() {
		this.#opened = new Promise((resolve) => (this.#firstOpen = resolve));
	}

	/** Reports waiting to be sent (the header counts them with unsynced door marks). */
	get waiting(): number {
		return this.entries.filter((entry) => entry.state === 'waiting').length;
	}

	/** Unsent reports as stored, other tabs' included: what signing out would delete. */
	async countUnsent(): Promise<number> {
		// Never opened (nobody with a live community): nothing of this user was read or written.
		if (this.#firstOpen) return 0;
		const opened = await this.#opened;
		const entries = (await opened?.store.all().catch(() => [])) ?? [];
		return entries.filter(isUnsent).length;
	}

	/** Opens the user's outbox and starts sending; returns the cleanup that stops it. */
	open(userId: string): () => void {
		requestPersistentStorage();
		const generation = ++this.#generation;
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
		this.#categories.clear();
		this.entries = [];
		this.sending = null;
		const opened = await closing;
		// A request under way is not waited for: what it answers is simply not written any more.
		opened?.sender.stop();
		opened?.close();
	}

	/** The store of kept lists, once open; null for nobody signed in. */
	async kept(): Promise<KeptValues | null> {
		return (await this.#opened)?.store ?? null;
	}

	/**
	 * The community's categories, loaded once per page load and shared by the form and the lists.
	 * `keptWillDo`: a screen used in stairwells (the door grid) takes the kept copy when there is
	 * one rather than start a request the signal may cut off; the home page refreshes it.
	 */
	categoriesOf(communityId: string, { keptWillDo = false } = {}): CategoryList {
		let list = this.#categories.get(communityId);
		if (!list) {
			list = new CategoryList(communityId, () => this.kept());
			this.#categories.set(communityId, list);
			void list.load({ keptWillDo });
		}
		return list;
	}

	/** Keeps the report on this phone at once, then tries to send it. */
	async add(report: NewReport): Promise<OutboxEntry> {
		const opened = await this.#opened;
		if (!opened) throw new Error('The outbox is not open');
		const entry = createEntry({ ...report, clientKey: newClientKey(), now: Date.now() });
		await opened.store.put(entry);
		this.#changed(opened);
		void opened.sender.kick();
		return entry;
	}

	/**
	 * A refused report, fixed: sent afresh as a new report (new clientKey, photos uploaded again,
	 * as the refused one left nothing on the server), replacing the old one.
	 */
	async refile(clientKey: string, report: NewReport): Promise<OutboxEntry> {
		const opened = await this.#opened;
		const entry = await this.add(report);
		if (opened) {
			await opened.store.delete(clientKey);
			this.#changed(opened);
		}
		return entry;
	}

	/** The liaison gives up a report that was not sent (or was refused). */
	async discard(clientKey: string): Promise<void> {
		const opened = await this.#opened;
		if (!opened || this.sending === clientKey) return;
		await opened.store.delete(clientKey);
		this.#changed(opened);
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

	/** Forgets sent reports the server's list now shows. */
	async settle(listedIds: ReadonlySet<string>): Promise<void> {
		const opened = await this.#opened;
		if (!opened) return;
		const now = Date.now();
		const settled = (await opened.store.all()).filter((entry) => isSettled(entry, listedIds, now));
		if (settled.length === 0) return;
		for (const entry of settled) await opened.store.delete(entry.clientKey);
		this.#changed(opened);
	}

	async #start(userId: string, generation: number): Promise<Opened | null> {
		let store: OutboxStore & KeptValues;
		let closeStore = () => {};
		try {
			const database = await MattersDatabase.open(userId);
			store = database;
			closeStore = () => database.close();
		} catch {
			store = new MemoryStore();
			this.persistent = false;
		}
		// Other tabs of the same user say when they changed the outbox; this one then reads it again.
		const channel = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(`${userPrefix(userId)}matters`);
		const onOnline = () => void sender.kick(true);
		const opened: Opened = {
			store,
			sender: new OutboxSender({
				store,
				transport: httpTransport(),
				exclusive: tabLock(`${userPrefix(userId)}matters-send`),
				onchange: () => this.#changed(opened),
				onsending: (clientKey) => {
					if (this.#current === opened) this.sending = clientKey;
				}
			}),
			tell: () => channel?.postMessage('changed'),
			close: () => {
				window.removeEventListener('online', onOnline);
				channel?.close();
				closeStore();
			}
		};
		const sender = opened.sender;
		if (generation !== this.#generation) {
			opened.close();
			return null;
		}
		if (channel) channel.onmessage = () => void this.#reload(opened);
		window.addEventListener('online', onOnline);
		this.#current = opened;
		await this.#reload(opened);
		void sender.kick();
		return opened;
	}

	async #reload(opened: Opened): Promise<void> {
		const entries = await opened.store.all().catch(() => null);
		if (entries && this.#current === opened) this.entries = newestFirst(entries);
	}

	#changed(opened: Opened): void {
		if (this.#current !== opened) return;
		void this.#reload(opened);
		opened.tell();
	}
}

export const [getMatterOutbox, setMatterOutbox] = createContext<MatterOutbox>();
