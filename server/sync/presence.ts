import * as awarenessProtocol from 'y-protocols/awareness';
import type * as Y from 'yjs';
import { MalformedMessage, type SyncConnection } from './connection';
import { awarenessMessage, readAwarenessEntries, writeAwarenessEntries, type AwarenessEntry } from './messages';

const maxIdsPerConnection = 4;
type Changes = { added: number[]; updated: number[]; removed: number[] };

export type PresenceDeps = {
	connections(): Iterable<SyncConnection>;
	maxStateBytes: number;
	/** The user a Yjs client id is bound to by its writes, if any. */
	ownerOf(clientId: number): string | undefined;
	/** Hands local changes to the other instances. */
	publish(update: Uint8Array): void;
};

/**
 * Who is looking at a community document (y-protocols awareness). A connection speaks only
 * for its own client ids, in states of bounded size that always name its real user.
 */
export class Presence {
	readonly awareness: awarenessProtocol.Awareness;
	readonly #deps: PresenceDeps;
	readonly #claims = new Map<number, SyncConnection>();
	readonly #remote = Symbol('another instance');

	constructor(doc: Y.Doc, deps: PresenceDeps) {
		this.#deps = deps;
		this.awareness = new awarenessProtocol.Awareness(doc);
		this.awareness.setLocalState(null);
		this.awareness.on('update', (changes: Changes, origin: unknown) => this.#broadcast(changes, origin));
	}

	/** Everyone present, for a newcomer (stock clients never ask) or a query; null when nobody is. */
	everyoneMessage(): Uint8Array | null {
		const clients = [...this.awareness.getStates().keys()];
		return clients.length === 0 ? null : awarenessMessage(awarenessProtocol.encodeAwarenessUpdate(this.awareness, clients));
	}

	receive(connection: SyncConnection, update: Uint8Array): void {
		let entries: AwarenessEntry[];
		try {
			entries = readAwarenessEntries(update);
		} catch {
			throw new MalformedMessage('awareness');
		}
		const accepted: AwarenessEntry[] = [];
		for (const entry of entries) {
			// Stock clients pass on every presence update they receive, and removals of states that timed out
			// locally: echoes of what we already know, or not theirs to send. Neither is worth a refusal.
			const known = this.awareness.meta.get(entry.clientId)?.clock;
			const echo = entry.state === 'null' || (known !== undefined && entry.clock <= known);
			if (!connection.awarenessIds.has(entry.clientId) && echo) continue;
			const tooBig = Buffer.byteLength(entry.state, 'utf8') > this.#deps.maxStateBytes;
			if (tooBig || !this.#claim(connection, entry.clientId)) {
				connection.refuse({ code: 'awareness', detail: String(entry.clientId) });
				continue;
			}
			accepted.push({ ...entry, state: stampUser(entry.state, connection.userId) });
		}
		if (accepted.length > 0) awarenessProtocol.applyAwarenessUpdate(this.awareness, writeAwarenessEntries(accepted), connection);
	}

	/** The user showing presence with a client id, here or (stamped by its instance) on another instance. */
	claimantOf(clientId: number): string | undefined {
		const local = this.#claims.get(clientId);
		if (local) return local.userId;
		const userId = (this.awareness.getStates().get(clientId) as { userId?: unknown } | undefined)?.userId;
		return typeof userId === 'string' ? userId : undefined;
	}

	release(connection: SyncConnection): void {
		const ids = [...connection.awarenessIds];
		for (const id of ids) this.#claims.delete(id);
		if (ids.length > 0) awarenessProtocol.removeAwarenessStates(this.awareness, ids, null);
	}

	applyRemote(update: Uint8Array): void {
		awarenessProtocol.applyAwarenessUpdate(this.awareness, update, this.#remote);
	}

	destroy(): void {
		this.awareness.destroy();
	}

	#claim(connection: SyncConnection, clientId: number): boolean {
		if (connection.awarenessIds.has(clientId)) return true;
		const owner = this.#deps.ownerOf(clientId);
		if (owner !== undefined && owner !== connection.userId) return false;
		const claimedBy = this.#claims.get(clientId);
		// The same user reconnecting takes its id over from a socket not yet noticed as dead.
		if (claimedBy && claimedBy.userId !== connection.userId) return false;
		if (connection.awarenessIds.size >= maxIdsPerConnection) return false;
		claimedBy?.awarenessIds.delete(clientId);
		this.#claims.set(clientId, connection);
		connection.awarenessIds.add(clientId);
		return true;
	}

	#broadcast(changes: Changes, origin: unknown): void {
		const changed = [...changes.added, ...changes.updated, ...changes.removed];
		if (changed.length === 0) return;
		const update = awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed);
		const message = awarenessMessage(update);
		for (const connection of this.#deps.connections()) connection.send(message);
		if (origin !== this.#remote) this.#deps.publish(update);
	}
}

/** Presence always names the real user of the connection, whatever the client claimed. */
function stampUser(state: string, userId: string): string {
	if (state === 'null') return state;
	try {
		const parsed = JSON.parse(state) as unknown;
		if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return JSON.stringify({ ...parsed, userId });
	} catch {
		// Not JSON: replaced below.
	}
	return JSON.stringify({ userId });
}
