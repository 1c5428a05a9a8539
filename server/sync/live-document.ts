import * as Y from 'yjs';
import type { SignalKey } from '../../src/lib/domain/community-doc';
import type { BuildingPlace } from '../../src/lib/domain/live-rules';
import type { Refusal } from '../../src/lib/domain/sync-protocol';
import { MalformedMessage, type ConnectionHost, type SyncConnection } from './connection';
import type { GroupCommitter } from './group-commit';
import {
	endClocksOf,
	storedMessage,
	syncStep1Message,
	syncStep2Message,
	updateMessage
} from './messages';
import type { SyncMetrics } from './metrics';
import type { LoadedState, PendingWrite } from './persistence';
import { loadBuildingPlaces } from './places';
import { Presence } from './presence';
import { projectWrites } from './projection';
import type { SyncSettings } from './settings';
import type { TaskIdRegistry } from './task-ids';
import { checkUpdate, MalformedUpdate, type CheckContext } from './update-check';
import { dropForeignChanges } from './update-filter';

/** Client ids an update binds, to the user who wrote with them ('@server' for an instance's own writes). */
export type Bindings = { userId: string; clients: readonly number[] };

/** Carries a loaded document's traffic to the other instances (Redis); absent on a single instance. */
export interface DocumentBridge {
	/** The bindings travel with the update, so every instance refuses the same squatters. */
	publishUpdate(doc: string, update: Uint8Array, bindings: Bindings | null): void;
	publishStored(doc: string, clocks: ReadonlyMap<number, number>): void;
	publishAwareness(doc: string, update: Uint8Array): void;
}

export type DocumentDeps = {
	settings: SyncSettings;
	metrics: SyncMetrics;
	committer: GroupCommitter;
	bridge: DocumentBridge | null;
	taskIds: TaskIdRegistry;
	compact(doc: string): Promise<{ folded: number } | { busy: true }>;
	onIdle(document: LiveDocument): void;
};

const serverOrigin = Symbol('server write');
export const remoteOrigin = Symbol('another instance');
const serverOwner = '@server';

/** One community document in memory: its Y.Doc, presence, connections and what is stored. */
export class LiveDocument implements ConnectionHost {
	readonly name: string;
	readonly community: { id: string; streetId: string };
	readonly doc = new Y.Doc({ gc: true });
	readonly presence: Presence;
	readonly connections = new Set<SyncConnection>();
	readonly #deps: DocumentDeps;
	readonly #owners: Map<number, string>;
	/** Per client id, the clock below which everything is durably stored. */
	readonly #stored = new Map<number, number>();
	/** Per client id, where a write the database refused begins: nothing of it or after it may be confirmed. */
	readonly #unstorable = new Map<number, number>();
	#places: Map<string, BuildingPlace>;
	#logRows: number;
	#compacting = false;
	#destroyed = false;
	#captured: Uint8Array | null = null;
	#idleTimer: ReturnType<typeof setTimeout> | null = null;

	constructor(
		name: string,
		community: { id: string; streetId: string },
		loaded: { updates: Uint8Array[]; logRows: number; owners: Map<number, string> },
		places: Map<string, BuildingPlace>,
		deps: DocumentDeps
	) {
		this.name = name;
		this.community = { id: community.id, streetId: community.streetId };
		this.#places = places;
		this.#deps = deps;
		this.#owners = loaded.owners;
		this.#logRows = loaded.logRows;
		this.presence = new Presence(this.doc, {
			connections: () => this.connections,
			maxStateBytes: deps.settings.awarenessMaxBytes,
			ownerOf: (clientId) => this.#owners.get(clientId),
			publish: (update) => deps.bridge?.publishAwareness(this.name, update)
		});
		this.doc.transact(() => {
			for (const update of loaded.updates) Y.applyUpdate(this.doc, update);
		});
		for (const [client, clock] of Y.decodeStateVector(Y.encodeStateVector(this.doc))) this.#stored.set(client, clock);
		this.#owners.set(this.doc.clientID, serverOwner);
		this.doc.on('update', (update: Uint8Array, origin: unknown) => this.#onDocUpdate(update, origin));
		this.doc.getMap('signals').observe((event) => {
			if (event.keysChanged.has('structureVersion')) void this.refreshPlaces();
		});
	}

	get communityId(): string {
		return this.community.id;
	}

	get destroyed(): boolean {
		return this.#destroyed;
	}

	async refreshPlaces(): Promise<void> {
		try {
			this.#places = await loadBuildingPlaces(this.communityId);
		} catch (error) {
			console.error(`[sync] reloading buildings of ${this.name} failed:`, error instanceof Error ? error.message : error);
		}
	}

	get pendingRows(): number {
		return this.#logRows;
	}

	attach(connection: SyncConnection): void {
		if (this.#idleTimer) clearTimeout(this.#idleTimer);
		this.#idleTimer = null;
		this.connections.add(connection);
		connection.attach(this);
	}

	detach(connection: SyncConnection): void {
		this.connections.delete(connection);
		this.presence.release(connection);
		if (this.connections.size === 0) this.scheduleIdle();
	}

	scheduleIdle(): void {
		if (this.#idleTimer) clearTimeout(this.#idleTimer);
		this.#idleTimer = setTimeout(() => {
			this.#idleTimer = null;
			if (this.connections.size === 0) this.#deps.onIdle(this);
		}, this.#deps.settings.idleUnloadMs);
		this.#idleTimer.unref?.();
	}

	onSyncStep1(connection: SyncConnection, stateVector: Uint8Array): void {
		let reply: Uint8Array;
		try {
			reply = syncStep2Message(this.doc, stateVector);
		} catch {
			throw new MalformedMessage('state vector');
		}
		connection.send(reply);
		connection.send(syncStep1Message(this.doc));
		connection.send(storedMessage(this.#storedOwnedBy(connection.userId)));
		// Stock clients never ask who is here; tell a newcomer at once rather than after everyone's next renewal.
		const everyone = this.presence.everyoneMessage();
		if (everyone) connection.send(everyone);
	}

	onUpdate(connection: SyncConnection, received: Uint8Array, relay: boolean): void {
		let verdict: ReturnType<typeof checkUpdate>;
		try {
			const update = relay ? dropForeignChanges(this.doc, received, (client) => this.#isForeign(client, connection.userId)).update : received;
			verdict = checkUpdate(this.doc, update, this.#checkContext(connection));
		} catch (error) {
			throw new MalformedMessage(error instanceof MalformedUpdate ? error.message : 'update');
		}
		if ('deferred' in verdict) {
			this.#deps.metrics.updatesDeferred++;
			return;
		}
		if (!verdict.ok) {
			this.#deps.metrics.updatesRefused++;
			connection.refuse(verdict.refusal);
			return;
		}
		if (verdict.refusals.length > 0) {
			this.#deps.metrics.updatesRefused++;
			// One message per refused path is plenty; a long offline session may carry hundreds.
			for (const refusal of uniqueByDetail(verdict.refusals).slice(0, 20)) connection.refuse(refusal);
		}
		for (const client of verdict.newClients) this.#owners.set(client, connection.userId);
		connection.newClientIds += verdict.newClients.length;
		for (const { op, path } of verdict.writes) if (op === 'insert' && path.length === 2) this.#deps.taskIds.note(path[1], this.communityId);
		const applied = this.#apply(() => Y.applyUpdate(this.doc, verdict.update, connection));
		this.#deps.metrics.updatesAccepted++;
		if (!applied) {
			// Nothing new (a resend): confirm what is already stored.
			connection.send(storedMessage(this.#storedAmong(endClocksOf(received))));
			return;
		}
		this.#deps.bridge?.publishUpdate(this.name, applied, { userId: connection.userId, clients: verdict.newClients });
		const projection = projectWrites(this.doc, this.communityId, connection.userId, verdict.writes);
		const [clientId = null] = verdict.clocks.keys();
		this.#persist(
			{ doc: this.name, update: applied, userId: connection.userId, clientId, newClients: verdict.newClients, ...projection },
			verdict.clocks,
			connection
		);
	}

	/** Runs a local change of the document; returns the update it made (null when it changed nothing). */
	#apply(change: () => void): Uint8Array | null {
		this.#captured = null;
		change();
		const applied = this.#captured as Uint8Array | null;
		this.#captured = null;
		return applied;
	}

	#isForeign(client: number, userId: string): boolean {
		const owner = this.#owners.get(client);
		return owner !== undefined && owner !== userId;
	}

	/** A write of the server itself (signals, archiving): never checked, stored like any other. */
	serverWrite(change: (doc: Y.Doc) => void): void {
		const applied = this.#apply(() => this.doc.transact(() => change(this.doc), serverOrigin));
		if (applied) {
			this.#deps.bridge?.publishUpdate(this.name, applied, { userId: serverOwner, clients: [this.doc.clientID] });
			const write = { doc: this.name, update: applied, userId: null, clientId: this.doc.clientID, newClients: [], progress: [], tasks: [] };
			this.#persist(write, endClocksOf(applied), null);
		}
	}

	bumpSignal(key: SignalKey): number {
		let next = 0;
		this.serverWrite((doc) => {
			const signals = doc.getMap<number>('signals');
			next = Math.max((signals.get(key) ?? 0) + 1, Date.now());
			signals.set(key, next);
		});
		return next;
	}

	/** An update another instance accepted (checked there), with the client ids it bound. */
	applyRemoteUpdate(update: Uint8Array, bindings: Bindings | null): void {
		for (const client of bindings?.clients ?? []) {
			const owner = this.#owners.get(client);
			if (owner === undefined) this.#owners.set(client, bindings!.userId);
			else if (owner !== bindings!.userId) console.error(`[sync] ${this.name}: client id ${client} is bound to two users across instances`);
		}
		Y.applyUpdate(this.doc, update, remoteOrigin);
	}

	/** What the database holds for this document (after an outage of the bridge): applied like remote updates. */
	catchUp(loaded: LoadedState): void {
		for (const [client, userId] of loaded.owners) if (!this.#owners.has(client)) this.#owners.set(client, userId);
		this.doc.transact(() => {
			for (const update of loaded.updates) Y.applyUpdate(this.doc, update);
		}, remoteOrigin);
		const stored = new Map<number, number>();
		for (const update of loaded.updates) {
			for (const [client, clock] of Y.parseUpdateMeta(update).to) stored.set(client, Math.max(clock, stored.get(client) ?? 0));
		}
		this.#raiseStored(stored);
	}

	applyRemoteStored(clocks: ReadonlyMap<number, number>): void {
		this.#raiseStored(clocks);
	}

	applyRemoteAwareness(update: Uint8Array): void {
		this.presence.applyRemote(update);
	}

	onAwareness(connection: SyncConnection, update: Uint8Array): void {
		this.presence.receive(connection, update);
	}

	onQueryAwareness(connection: SyncConnection): void {
		const everyone = this.presence.everyoneMessage();
		if (everyone) connection.send(everyone);
	}

	closeAll(code: number, reason: string): void {
		for (const connection of [...this.connections]) connection.close(code, reason);
	}

	destroy(): void {
		this.#destroyed = true;
		if (this.#idleTimer) clearTimeout(this.#idleTimer);
		this.presence.destroy();
		this.doc.destroy();
	}

	/** Folds the log into a snapshot when it has grown; `force` on unload folds any rows at all. */
	async compactIfNeeded(force = false): Promise<void> {
		if (this.#compacting || this.#logRows === 0 || (!force && this.#logRows < this.#deps.settings.compactAfterRows)) return;
		this.#compacting = true;
		let outcome: 'folded' | 'busy' | 'failed' = 'failed';
		try {
			const result = await this.#deps.compact(this.name);
			outcome = 'busy' in result ? 'busy' : 'folded';
			if ('folded' in result) {
				this.#logRows = Math.max(0, this.#logRows - result.folded);
				this.#deps.metrics.compactions++;
			}
		} catch (error) {
			console.error(`[sync] compacting ${this.name} failed; the log is kept:`, error instanceof Error ? error.message : error);
		} finally {
			this.#compacting = false;
		}
		// After a failure the next commit tries again; otherwise rows that arrived while folding, or while
		// another instance held the lock, may already call for the next round.
		if (outcome === 'failed' || force || this.#destroyed || this.#logRows < this.#deps.settings.compactAfterRows) return;
		if (outcome === 'folded') setImmediate(() => void this.compactIfNeeded());
		else setTimeout(() => void this.compactIfNeeded(), 200 + Math.random() * 300).unref();
	}

	#checkContext(connection: SyncConnection): CheckContext {
		const tasks = this.doc.getMap('tasks');
		const { newClientsPerUpdate, newClientsPerConnection } = this.#deps.settings;
		return {
			principal: connection.identity.principal,
			communityId: this.communityId,
			now: Date.now(),
			writer: { userId: connection.userId, readOnly: connection.identity.readOnly },
			newClientsAllowed: Math.max(0, Math.min(newClientsPerUpdate, newClientsPerConnection - connection.newClientIds)),
			place: (buildingId) => this.#places.get(buildingId),
			ownerOf: (clientId) => this.#owners.get(clientId),
			presenceOf: (clientId) => this.presence.claimantOf(clientId),
			// A key of the tasks map stays in it, deleted, once its task was archived.
			taskIdTaken: (taskId) => tasks._map.has(taskId) || this.#deps.taskIds.taken(taskId),
			documentScope: (taskId) => {
				const task = this.doc.getMap('tasks').get(taskId);
				const scope = task instanceof Y.Map ? task.get('scope') : undefined;
				return scope instanceof Y.Array ? scope.toArray().filter((id): id is string => typeof id === 'string') : [];
			}
		};
	}

	#onDocUpdate(update: Uint8Array, origin: unknown): void {
		if (origin !== remoteOrigin) this.#captured = update;
		const message = updateMessage(update);
		for (const connection of this.connections) {
			if (connection === origin) continue;
			connection.send(message);
			this.#deps.metrics.broadcastFanOut++;
		}
	}

	#persist(write: PendingWrite, clocks: ReadonlyMap<number, number>, connection: SyncConnection | null): void {
		const stored = () => {
			const confirmed = this.#raiseStored(clocks);
			this.#logRows++;
			void this.compactIfNeeded();
			connection?.send(storedMessage(confirmed));
			this.#deps.bridge?.publishStored(this.name, confirmed);
		};
		const setAside = () => {
			for (const [client, clock] of Y.parseUpdateMeta(write.update).from) {
				this.#unstorable.set(client, Math.min(clock, this.#unstorable.get(client) ?? Infinity));
			}
		};
		this.#deps.committer.enqueue(write, stored, setAside);
	}

	/** Raises the stored clocks, never past a write that could not be stored; returns what they now confirm. */
	#raiseStored(clocks: ReadonlyMap<number, number>): Map<number, number> {
		const confirmed = new Map<number, number>();
		for (const [client, end] of clocks) {
			const clock = Math.min(end, this.#unstorable.get(client) ?? Infinity);
			if ((this.#stored.get(client) ?? 0) < clock) this.#stored.set(client, clock);
			confirmed.set(client, this.#stored.get(client) ?? 0);
		}
		return confirmed;
	}

	#storedOwnedBy(userId: string): Map<number, number> {
		const own = new Map<number, number>();
		for (const [client, clock] of this.#stored) if (this.#owners.get(client) === userId) own.set(client, clock);
		return own;
	}

	#storedAmong(clocks: ReadonlyMap<number, number>): Map<number, number> {
		const known = new Map<number, number>();
		for (const client of clocks.keys()) {
			const stored = this.#stored.get(client);
			if (stored !== undefined) known.set(client, stored);
		}
		return known;
	}
}

function uniqueByDetail(refusals: readonly Refusal[]): Refusal[] {
	const seen = new Set<string>();
	return refusals.filter((refusal) => !seen.has(refusal.code + refusal.detail) && seen.add(refusal.code + refusal.detail));
}

