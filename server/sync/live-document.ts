import * as Y from 'yjs';
import type { SignalKey } from '../../src/lib/domain/community-doc';
import type { BuildingPlace } from '../../src/lib/domain/live-rules';
import { ArchivedPathsHolder } from './archive';
import { ClientOwners, serverOwner, type Bindings } from './client-owners';
import { MalformedMessage, type ConnectionHost, type SyncConnection } from './connection';
import type { DocumentBridge } from './document-bridge';
import { DocumentSession } from './document-session';
import { DocumentWrites } from './document-writes';
import type { GroupCommitter } from './group-commit';
import { LogCompaction } from './log-compaction';
import { storedMessage, syncStep1Message, syncStep2Message } from './messages';
import type { SyncMetrics } from './metrics';
import type { CompactionResult, LoadedState } from './persistence';
import { PlacesCache } from './places';
import type { Presence } from './presence';
import type { SyncSettings } from './settings';
import { endClocksOfAll, StoredClocks } from './stored-clocks';
import type { TaskIdRegistry } from './task-ids';

export type DocumentDeps = {
	settings: SyncSettings;
	metrics: SyncMetrics;
	committer: GroupCommitter;
	bridge: DocumentBridge | null;
	taskIds: TaskIdRegistry;
	compact(doc: string): Promise<CompactionResult>;
	onIdle(document: LiveDocument): void;
};

const remoteOrigin = Symbol('another instance');

/**
 * One community document in memory: its Y.Doc and who owns its client ids, with the session
 * (connections, presence, idle unloading), the write chain and the building places around it.
 */
export class LiveDocument implements ConnectionHost {
	readonly name: string;
	readonly community: { id: string; streetId: string };
	readonly doc = new Y.Doc({ gc: true });
	readonly archivedPaths: ArchivedPathsHolder;
	readonly #owners: ClientOwners;
	readonly #session: DocumentSession;
	readonly #writes: DocumentWrites;
	readonly #places: PlacesCache;
	readonly #stored: StoredClocks;
	readonly #compaction: LogCompaction;
	#destroyed = false;

	constructor(name: string, community: { id: string; streetId: string }, loaded: LoadedState, places: ReadonlyMap<string, BuildingPlace>, deps: DocumentDeps) {
		this.name = name;
		this.community = { id: community.id, streetId: community.streetId };
		this.#owners = new ClientOwners(loaded.owners);
		this.archivedPaths = new ArchivedPathsHolder(community.id, deps.settings.taskLateWindowMs, () => deps.metrics.archivedPathReads++);
		this.#session = new DocumentSession(this.doc, {
			metrics: deps.metrics,
			idleUnloadMs: deps.settings.idleUnloadMs,
			awarenessMaxBytes: deps.settings.awarenessMaxBytes,
			ownerOf: (clientId) => this.#owners.ownerOf(clientId),
			publishAwareness: (update) => deps.bridge?.publishAwareness(name, update),
			onIdle: () => deps.onIdle(this)
		});
		this.doc.transact(() => {
			for (const update of loaded.updates) Y.applyUpdate(this.doc, update);
		});
		this.#stored = new StoredClocks(Y.decodeStateVector(Y.encodeStateVector(this.doc)));
		this.#owners.bind(this.doc.clientID, serverOwner);
		this.#places = new PlacesCache(community.id, places);
		this.#compaction = new LogCompaction(name, loaded.logRows, { compactAfterRows: deps.settings.compactAfterRows, metrics: deps.metrics, compact: deps.compact });
		this.#writes = new DocumentWrites(name, community.id, this.doc, {
			...deps,
			owners: this.#owners,
			places: this.#places,
			stored: this.#stored,
			compaction: this.#compaction,
			archivedPaths: this.archivedPaths,
			presenceOf: (clientId) => this.#session.presence.claimantOf(clientId)
		});
		this.doc.on('update', (update: Uint8Array, origin: unknown) => this.#session.broadcast(update, origin));
	}

	get communityId(): string {
		return this.community.id;
	}

	get destroyed(): boolean {
		return this.#destroyed;
	}

	get connections(): ReadonlySet<SyncConnection> {
		return this.#session.connections;
	}

	get presence(): Presence {
		return this.#session.presence;
	}

	/** Rows of this document in the update log, as far as this instance knows. */
	get pendingRows(): number {
		return this.#compaction.rows;
	}

	/** The structure of the community changed: the write rules use the places read now. */
	reloadPlaces(): Promise<boolean> {
		return this.#places.reload();
	}

	attach(connection: SyncConnection): void {
		this.#session.attach(connection, this);
	}

	detach(connection: SyncConnection): void {
		this.#session.detach(connection);
	}

	scheduleIdle(): void {
		this.#session.scheduleIdle();
	}

	/** Nobody is connected and nothing on the server listens: it may be unloaded. */
	get idle(): boolean {
		return this.#session.idle;
	}

	/** Keeps the document loaded for a listener on the server; call the release when done. */
	hold(): () => void {
		return this.#session.hold();
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
		connection.send(storedMessage(this.#stored.ownedBy(connection.userId, this.#owners)));
		// Stock clients never ask who is here; tell a newcomer at once rather than after everyone's next renewal.
		this.onQueryAwareness(connection);
	}

	onUpdate(connection: SyncConnection, received: Uint8Array, relay: boolean): void {
		this.#writes.receive(connection, received, relay);
	}

	onAwareness(connection: SyncConnection, update: Uint8Array): void {
		this.presence.receive(connection, update);
	}

	onQueryAwareness(connection: SyncConnection): void {
		const everyone = this.presence.everyoneMessage();
		if (everyone) connection.send(everyone);
	}

	/** A write of the server itself (signals, archiving): never checked, stored like any other. */
	serverWrite(change: (doc: Y.Doc) => void): void {
		this.#writes.serverWrite(change);
	}

	bumpSignal(key: SignalKey): number {
		return this.#writes.bumpSignal(key);
	}

	/** An update another instance accepted (checked there), with the client ids it bound. */
	applyRemoteUpdate(update: Uint8Array, bindings: Bindings | null): void {
		const conflicts = bindings ? this.#owners.adopt(bindings) : [];
		for (const client of conflicts) console.error(`[sync] ${this.name}: client id ${client} is bound to two users across instances`);
		Y.applyUpdate(this.doc, update, remoteOrigin);
	}

	/** What the database holds for this document (after an outage of the bridge): applied like remote updates. */
	catchUp(loaded: LoadedState): void {
		this.#owners.adoptAll(loaded.owners);
		this.doc.transact(() => {
			for (const update of loaded.updates) Y.applyUpdate(this.doc, update);
		}, remoteOrigin);
		this.#stored.raise(endClocksOfAll(loaded.updates));
	}

	applyRemoteStored(clocks: ReadonlyMap<number, number>): void {
		this.#stored.raise(clocks);
	}

	applyRemoteAwareness(update: Uint8Array): void {
		this.presence.applyRemote(update);
	}

	/** Folds the log into a snapshot when it has grown; `force` on unload folds any rows at all. */
	compactIfNeeded(force = false): Promise<void> {
		return this.#compaction.compactIfNeeded(force);
	}

	closeAll(code: number, reason: string): void {
		this.#session.closeAll(code, reason);
	}

	destroy(): void {
		this.#destroyed = true;
		this.#compaction.stop();
		this.#session.destroy();
		this.doc.destroy();
	}
}
