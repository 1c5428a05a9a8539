import { IndexeddbPersistence } from 'y-indexeddb';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { closeCodes, communityDocName } from '$lib/domain/sync-protocol';
import { holdClientId, type HeldClientId } from './client-id-lock';
import { ConfirmationLedger } from './confirmation-ledger';
import { keepUntilStored } from './keep-until-stored';
import { documentDatabaseName, ledgerKey, rememberDatabase } from './local-data';
import { installProtocolHandlers } from './protocol-handlers';
import { SyncStatus } from './sync-status.svelte';

/**
 * y-websocket answers a message it was already reading when the socket started closing
 * (going offline, signing out); the browser then logs "WebSocket is already in CLOSING or
 * CLOSED state". The answer is moot: the next connection syncs afresh.
 */
function quietWebSocket(): typeof WebSocket {
	// Built on first use: this module is also evaluated during SSR, where there is no WebSocket.
	return class QuietWebSocket extends WebSocket {
		override send(data: Parameters<WebSocket['send']>[0]): void {
			if (this.readyState === WebSocket.OPEN) super.send(data);
		}
	};
}
import { addRefusal, syncStateOf, type RefusalNotice, type SyncState, type TerminalClose } from './sync-state';
import type { Refusal } from '$lib/domain/sync-protocol';

export type CommunityReplicaOptions = {
	userId: string;
	communityId: string;
	/** Where the sync server listens; the document name is appended as a path segment. */
	serverUrl: string;
	/** The server closed with 4401: the session is gone and the user must sign in again. */
	onSignedOut?: () => void;
	/**
	 * After a refusal, once everything else is stored: the local copy still shows the refused
	 * change, which the server never took, so it should be replaced by a fresh copy.
	 */
	onDiverged?: () => void;
	/** Notices carried over from the copy this one replaces. */
	refusals?: readonly RefusalNotice[];
};

const freshClientId = () => crypto.getRandomValues(new Uint32Array(1))[0];

/** A broken IndexedDB must not keep the user offline for good; the copy then only syncs later. */
const localLoadTimeoutMs = 10_000;

/**
 * The signed-in user's live copy of a community document: kept in IndexedDB (per user and
 * document), synced over one WebSocket once the local copy has loaded, so changes made
 * offline travel in the first sync. Knows which own changes the server has stored.
 */
export class CommunityReplica {
	// Called only by transactions, which start after the constructor has made the ledger.
	readonly doc = new Y.Doc({ gcFilter: (item) => keepUntilStored(this.#ledger)(item) });
	readonly docName: string;
	readonly status: SyncStatus;
	/** Resolves once the local copy has loaded (or the wait for it gave up). */
	readonly ready: Promise<void>;

	readonly #persistence: IndexeddbPersistence;
	readonly #provider: WebsocketProvider;
	readonly #ledger: ConfirmationLedger;
	readonly #lockScope: string;
	/** The Web Lock of the client id this page writes with (null where the browser has none). */
	#heldClientId: Promise<HeldClientId | null>;
	#reuseTried = false;
	readonly #onSignedOut: () => void;
	readonly #onDiverged: () => void;
	readonly #listeners = new Set<() => void>();
	#loaded = false;
	#attemptFailed = false;
	#pending = 0;
	#refusals: RefusalNotice[] = [];
	#nextRefusalId = 1;
	#closed: TerminalClose | null = null;
	#paused = false;
	#holdsRefusedChange = false;
	#divergenceReported = false;
	#destroyed: Promise<void> | null = null;

	constructor({ userId, communityId, serverUrl, onSignedOut, onDiverged, refusals = [] }: CommunityReplicaOptions) {
		this.docName = communityDocName(communityId);
		this.#onSignedOut = onSignedOut ?? (() => {});
		this.#onDiverged = onDiverged ?? (() => {});
		this.#refusals = [...refusals];
		this.#nextRefusalId = Math.max(0, ...refusals.map((notice) => notice.id)) + 1;
		const storage = typeof localStorage === 'undefined' ? null : localStorage;
		const databaseName = documentDatabaseName(userId, this.docName);
		rememberDatabase(storage, userId, databaseName);
		this.#lockScope = ledgerKey(userId, this.docName);
		this.#ledger = new ConfirmationLedger(storage, this.#lockScope);
		this.#heldClientId = holdClientId(this.#lockScope, this.doc.clientID);
		this.#persistence = new IndexeddbPersistence(databaseName, this.doc);
		// Cross-tab BroadcastChannel off: each tab syncs through the server, so "stored" means stored.
		this.#provider = new WebsocketProvider(serverUrl, this.docName, this.doc, {
			connect: false,
			disableBc: true,
			WebSocketPolyfill: quietWebSocket()
		});
		installProtocolHandlers(this.#provider, {
			onStored: (clocks) => {
				if (this.#ledger.noteStored(clocks)) this.#recount();
			},
			onRefusal: (refusal) => this.#addRefusal(refusal)
		});
		this.#watchProvider();
		this.doc.on('afterTransaction', this.#onTransaction);
		window.addEventListener('online', this.#onBrowserOnline);
		window.addEventListener('offline', this.#onBrowserOffline);
		this.status = new SyncStatus(this);
		this.ready = this.#loadThenConnect();
	}

	get state(): SyncState {
		return syncStateOf({
			connected: this.#provider.wsconnected,
			synced: this.#provider.synced,
			pending: this.#pending,
			reachable: navigator.onLine && !this.#attemptFailed && !this.#closed
		});
	}

	get pending(): number {
		return this.#pending;
	}

	get refusals(): readonly RefusalNotice[] {
		return this.#refusals;
	}

	get closed(): TerminalClose | null {
		return this.#closed;
	}

	/** Presence: who else has this document open (y-protocols awareness; the server stamps `userId`). */
	get awareness(): WebsocketProvider['awareness'] {
		return this.#provider.awareness;
	}

	/**
	 * Whether the server has stored the change that wrote the item with this id (a mark's
	 * tick). Reactive code should also read `status.pending`, which moves when stores arrive.
	 */
	isStored(id: Y.ID): boolean {
		return this.#ledger.isStored(id.client, id.clock);
	}

	/**
	 * Whether the current value at `key` of `map` is stored (true when there is none). Yjs has no
	 * public way to reach the item behind a key, so this one place reads `Y.Map._map`.
	 */
	isEntryStored(map: Y.Map<unknown>, key: string): boolean {
		const item = map._map.get(key);
		return !item || this.isStored(item.id);
	}

	get loaded(): boolean {
		return this.#loaded;
	}

	/** Calls `listener` after any change of the status; returns the unsubscribe function. */
	subscribe(listener: () => void): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}

	dismissRefusal(id: number): void {
		this.#refusals = this.#refusals.filter((notice) => notice.id !== id);
		this.#changed();
	}

	/**
	 * Drops the connection until `resume`, e.g. while signing out: the server then ends the
	 * session, and that must not look like an expired one.
	 */
	pause(): void {
		this.#paused = true;
		this.#provider.disconnect();
		this.#changed();
	}

	resume(): void {
		this.#paused = false;
		this.#connectIfPossible();
		this.#changed();
	}

	/** Stops syncing and closes the local database (so it can be deleted). Safe to call twice. */
	destroy(): Promise<void> {
		this.#destroyed ??= this.#teardown();
		return this.#destroyed;
	}

	async #teardown(): Promise<void> {
		window.removeEventListener('online', this.#onBrowserOnline);
		window.removeEventListener('offline', this.#onBrowserOffline);
		this.doc.off('afterTransaction', this.#onTransaction);
		void this.#heldClientId.then((held) => held?.release());
		try {
			this.#provider.destroy();
		} finally {
			// Closing the database while y-indexeddb still reads it would reject inside y-indexeddb.
			await this.ready;
			await this.#persistence.destroy();
			this.doc.destroy();
			this.#listeners.clear();
		}
	}

	async #loadThenConnect(): Promise<void> {
		let timer: ReturnType<typeof setTimeout> | undefined;
		const gaveUp = new Promise<void>((resolve) => (timer = setTimeout(resolve, localLoadTimeoutMs)));
		await Promise.race([this.#persistence.whenSynced.then(() => undefined), gaveUp]);
		clearTimeout(timer);
		if (this.#destroyed) return;
		this.#loaded = true;
		this.#ledger.forgetConfirmed(this.#localClock, this.doc.clientID);
		this.#recount();
		this.#connectIfPossible();
		this.#changed();
	}

	#connectIfPossible(): void {
		if (this.#loaded && navigator.onLine && !this.#paused && !this.#closed && !this.#destroyed) this.#provider.connect();
	}

	#localClock = (client: number) => Y.getState(this.doc.store, client);

	#onTransaction = (transaction: Y.Transaction) => {
		const clientId = this.doc.clientID;
		if (transaction.local && transaction.afterState.get(clientId) !== transaction.beforeState.get(clientId)) {
			this.#ledger.noteLocalWrite(clientId);
		} else if (transaction.origin === this.#provider) {
			for (const [client, clock] of transaction.afterState) {
				if (clock !== transaction.beforeState.get(client)) this.#ledger.noteForwarded(client, clock);
			}
		}
		this.#recount();
	};

	#recount(): void {
		const pending = this.#ledger.pending(this.#localClock);
		if (pending === this.#pending) return;
		this.#pending = pending;
		this.#changed();
	}

	#addRefusal(refusal: Refusal): void {
		// The server now lacks the refused clocks of this client id and would refuse every later
		// update of it as a gap; writing on under a fresh id keeps the rest of the session syncing.
		if (refusal.code !== 'awareness') {
			this.#switchToFreshClientId();
			this.#holdsRefusedChange = true;
		}
		const notice = { ...refusal, id: this.#nextRefusalId++, at: Date.now(), count: 1 };
		this.#refusals = addRefusal(this.#refusals, notice);
		this.#changed();
	}

	#switchToFreshClientId(): void {
		const fresh = freshClientId();
		this.#writeOn(fresh, holdClientId(this.#lockScope, fresh));
	}

	/**
	 * Once the first sync has brought everything the server holds, writes on with the id of an
	 * earlier load where that is safe (see `ConfirmationLedger.reusableClientIds`) and no other
	 * tab holds it. Only before this page has written: its own changes stay under its own id.
	 * Not before the first sync: a change of that id the server took, but whose tab closed
	 * before IndexedDB or the ledger heard of it, would clash with the next change written.
	 */
	async #reuseClientId(): Promise<void> {
		if (this.#reuseTried) return;
		this.#reuseTried = true;
		const unwritten = () => !this.#destroyed && !this.#holdsRefusedChange && Y.getState(this.doc.store, this.doc.clientID) === 0;
		for (const candidate of this.#ledger.reusableClientIds(this.#localClock)) {
			if (!unwritten()) return;
			const held = await holdClientId(this.#lockScope, candidate);
			if (!held) continue;
			if (!unwritten() || !this.#ledger.reusableClientIds(this.#localClock).includes(candidate)) {
				held.release();
				return;
			}
			this.#writeOn(candidate, Promise.resolve(held));
			return;
		}
	}

	/**
	 * Writes on with `clientId`, holding its lock instead of the old id's. y-websocket assumes the
	 * presence id equals the document's client id, so both move together.
	 */
	#writeOn(clientId: number, held: Promise<HeldClientId | null>): void {
		const previous = this.#heldClientId;
		this.#heldClientId = held;
		void previous.then((old) => old?.release());
		const awareness = this.#provider.awareness;
		const presence = awareness.getLocalState();
		awareness.setLocalState(null);
		this.doc.clientID = clientId;
		awareness.clientID = clientId;
		if (presence !== null) awareness.setLocalState(presence);
	}

	#watchProvider(): void {
		const provider = this.#provider;
		provider.on('status', ({ status }) => {
			if (status === 'connected') this.#attemptFailed = false;
			this.#changed();
		});
		provider.on('sync', (synced: boolean) => {
			if (synced) void this.#reuseClientId();
			this.#changed();
		});
		provider.on('connection-close', () => {
			this.#attemptFailed = true;
			this.#changed();
		});
		provider.on('connection-error', () => {
			this.#attemptFailed = true;
			this.#changed();
		});
		provider.on('closed', (close) => {
			this.#closed = { code: close.code, reason: close.reason };
			this.#changed();
			if (close.code === closeCodes.unauthenticated) this.#onSignedOut();
		});
	}

	// Some networks keep a dead socket open for minutes; when the browser knows it is offline
	// we drop it at once (and do not dial again until it is back) so the badge tells the truth.
	#onBrowserOffline = () => {
		if (!this.#closed) this.#provider.disconnect();
		this.#changed();
	};

	#onBrowserOnline = () => {
		this.#connectIfPossible();
		this.#changed();
	};

	#changed(): void {
		if (this.#destroyed) return;
		for (const listener of this.#listeners) listener();
		this.#reportDivergence();
	}

	/** Waits for nothing to be pending, so replacing the local copy loses no unsent change. */
	#reportDivergence(): void {
		if (!this.#holdsRefusedChange || this.#divergenceReported || this.#pending > 0 || !this.#provider.synced) return;
		this.#divergenceReported = true;
		queueMicrotask(() => this.#onDiverged());
	}
}
