import * as Y from 'yjs';
import type { SignalKey } from '../../src/lib/domain/community-doc';
import type { Refusal } from '../../src/lib/domain/sync-protocol';
import type { ArchivedPathsHolder } from './archive';
import { serverOwner, type ClientOwners } from './client-owners';
import { MalformedMessage, type SyncConnection } from './connection';
import type { DocumentBridge } from './document-bridge';
import type { GroupCommitter } from './group-commit';
import type { LogCompaction } from './log-compaction';
import { endClocksOf, storedMessage } from './messages';
import type { SyncMetrics } from './metrics';
import type { PendingWrite } from './persistence';
import type { PlacesCache } from './places';
import { projectWrites, type Projection } from './projection';
import type { SyncSettings } from './settings';
import type { StoredClocks } from './stored-clocks';
import type { TaskIdRegistry } from './task-ids';
import { checkUpdate, MalformedUpdate, type CheckContext, type UpdateVerdict } from './update-check';
import { dropForeignChanges } from './update-filter';

/** What of an incoming update the write rules let through. */
export type Accepted = Extract<UpdateVerdict, { ok: true }>;

/** What applying an accepted update changed: the update the document made of it, and its rows for the projections. */
export type Applied = { update: Uint8Array; projection: Projection };

export type WriteChainDeps = {
	settings: SyncSettings;
	metrics: SyncMetrics;
	committer: GroupCommitter;
	bridge: DocumentBridge | null;
	taskIds: TaskIdRegistry;
	owners: ClientOwners;
	places: PlacesCache;
	stored: StoredClocks;
	compaction: LogCompaction;
	archivedPaths: ArchivedPathsHolder;
	/** The user showing presence with a client id, if any. */
	presenceOf(clientId: number): string | undefined;
};

const serverOrigin = Symbol('server write');
const needsArchivedPaths = Symbol('needs the archived paths');

/**
 * Runs a change of the document made here (not one relayed from another instance); returns the
 * update Yjs made of it, null when it changed nothing (everything in it was there already).
 */
export function applyLocal(doc: Y.Doc, change: () => void): Uint8Array | null {
	let made: Uint8Array | null = null;
	// One change is one transaction, hence one update; should Yjs ever emit more, none is lost.
	const take = (update: Uint8Array) => (made = made ? Y.mergeUpdates([made, update]) : update);
	doc.on('update', take);
	try {
		change();
	} finally {
		doc.off('update', take);
	}
	return made;
}

/**
 * Applies what the write rules accepted of a writer's update (`origin`: its connection, which
 * is not sent its own change back) and projects it; null when it was all there already.
 */
export function applyAccepted(doc: Y.Doc, accepted: Accepted, origin: unknown, communityId: string, writerId: string): Applied | null {
	const update = applyLocal(doc, () => Y.applyUpdate(doc, accepted.update, origin));
	if (!update) return null;
	return { update, projection: projectWrites(doc, communityId, writerId, accepted.writes) };
}

/**
 * The write chain of one document: check an incoming update against the write rules, apply
 * what passes, project it, hand it to the other instances, and store it; the writer is told
 * once it is stored.
 */
export class DocumentWrites {
	readonly #name: string;
	readonly #communityId: string;
	readonly #doc: Y.Doc;
	readonly #deps: WriteChainDeps;

	constructor(name: string, communityId: string, doc: Y.Doc, deps: WriteChainDeps) {
		this.#name = name;
		this.#communityId = communityId;
		this.#doc = doc;
		this.#deps = deps;
	}

	/** `relay`: the client's sync step 2, which may carry other users' changes (dropped, not refused). */
	receive(connection: SyncConnection, received: Uint8Array, relay: boolean): void {
		const accepted = this.#check(connection, received, relay);
		if (accepted === needsArchivedPaths) {
			// A phone back after an archive: read where the archived tasks' structs sat, then check again.
			connection.holdUntil(this.#deps.archivedPaths.load(), () => this.receive(connection, received, relay));
			return;
		}
		if (!accepted) return;
		const { owners, taskIds, metrics, bridge } = this.#deps;
		for (const client of accepted.newClients) owners.bind(client, connection.userId);
		connection.newClientIds += accepted.newClients.length;
		for (const { op, path } of accepted.writes) if (op === 'insert' && path.length === 2) taskIds.note(path[1], this.#communityId);
		const applied = applyAccepted(this.#doc, accepted, connection, this.#communityId, connection.userId);
		metrics.updatesAccepted++;
		if (!applied) {
			// Nothing new (a resend): confirm what is already stored.
			connection.send(storedMessage(this.#deps.stored.among(endClocksOf(received))));
			return;
		}
		bridge?.publishUpdate(this.#name, applied.update, { userId: connection.userId, clients: accepted.newClients });
		const [clientId = null] = accepted.clocks.keys();
		const write = { doc: this.#name, update: applied.update, userId: connection.userId, clientId, newClients: accepted.newClients, ...applied.projection };
		this.#persist(write, accepted.clocks, connection);
	}

	/** A write of the server itself (signals, archiving): never checked, stored like any other. */
	serverWrite(change: (doc: Y.Doc) => void): void {
		const update = applyLocal(this.#doc, () => this.#doc.transact(() => change(this.#doc), serverOrigin));
		if (!update) return;
		const clientId = this.#doc.clientID;
		this.#deps.bridge?.publishUpdate(this.#name, update, { userId: serverOwner, clients: [clientId] });
		this.#persist({ doc: this.#name, update, userId: null, clientId, newClients: [], progress: [], tasks: [] }, endClocksOf(update), null);
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

	/**
	 * The part of the update the writer may apply, null when nothing may be (the writer was told
	 * why), or `needsArchivedPaths` when it must be checked again with the archived paths read.
	 */
	#check(connection: SyncConnection, received: Uint8Array, relay: boolean): Accepted | null | typeof needsArchivedPaths {
		const { metrics, owners, archivedPaths } = this.#deps;
		let verdict: UpdateVerdict;
		try {
			const update = relay ? dropForeignChanges(this.#doc, received, (client) => owners.isForeign(client, connection.userId)).update : received;
			verdict = checkUpdate(this.#doc, update, this.#checkContext(connection));
		} catch (error) {
			throw new MalformedMessage(error instanceof MalformedUpdate ? error.message : 'update');
		}
		if ('deferred' in verdict) {
			metrics.updatesDeferred++;
			return null;
		}
		if ('needsArchived' in verdict || (verdict.ok && verdict.missedArchived && archivedPaths.mayBeStale())) return needsArchivedPaths;
		if (!verdict.ok) {
			metrics.updatesRefused++;
			connection.refuse(verdict.refusal);
			return null;
		}
		if (verdict.refusals.length > 0) {
			metrics.updatesRefused++;
			// One message per refused path is plenty; a long offline session may carry hundreds.
			for (const refusal of uniqueByDetail(verdict.refusals).slice(0, 20)) connection.refuse(refusal);
		}
		return verdict;
	}

	#checkContext(connection: SyncConnection): CheckContext {
		const { settings, owners, places, taskIds, presenceOf, archivedPaths } = this.#deps;
		const tasks = this.#doc.getMap('tasks');
		return {
			principal: connection.identity.principal,
			communityId: this.#communityId,
			now: Date.now(),
			writer: { userId: connection.userId, readOnly: connection.identity.readOnly },
			newClientsAllowed: Math.max(0, Math.min(settings.newClientsPerUpdate, settings.newClientsPerConnection - connection.newClientIds)),
			place: (buildingId) => places.get(buildingId),
			ownerOf: (clientId) => owners.ownerOf(clientId),
			presenceOf,
			// A key of the tasks map stays in it, deleted, once its task was archived.
			taskIdTaken: (taskId) => tasks._map.has(taskId) || taskIds.taken(taskId),
			documentScope: (taskId) => {
				const task = tasks.get(taskId);
				if (!(task instanceof Y.Map)) return archivedPaths.current?.scopeOf(taskId) ?? [];
				const scope = task.get('scope');
				return scope instanceof Y.Array ? scope.toArray().filter((id): id is string => typeof id === 'string') : [];
			},
			archived: archivedPaths.current
		};
	}

	/** Stores a write; once stored, its writer and the other instances learn what is now confirmed. */
	#persist(write: PendingWrite, clocks: ReadonlyMap<number, number>, connection: SyncConnection | null): void {
		const { committer, stored, compaction, bridge } = this.#deps;
		const onStored = () => {
			const confirmed = stored.raise(clocks);
			compaction.rowStored();
			connection?.send(storedMessage(confirmed));
			bridge?.publishStored(this.#name, confirmed);
		};
		committer.enqueue(write, onStored, () => stored.setAside(write.update));
	}
}

function uniqueByDetail(refusals: readonly Refusal[]): Refusal[] {
	const seen = new Set<string>();
	return refusals.filter((refusal) => !seen.has(refusal.code + refusal.detail) && seen.add(refusal.code + refusal.detail));
}
