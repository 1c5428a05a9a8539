import type * as Y from 'yjs';
import type { ConnectionHost, SyncConnection } from './connection';
import { updateMessage } from './messages';
import type { SyncMetrics } from './metrics';
import { Presence } from './presence';

export type SessionDeps = {
	metrics: SyncMetrics;
	idleUnloadMs: number;
	awarenessMaxBytes: number;
	/** The user a Yjs client id is bound to by its writes, if any. */
	ownerOf(clientId: number): string | undefined;
	/** Hands local presence changes to the other instances. */
	publishAwareness(update: Uint8Array): void;
	/** Nobody has been connected for `idleUnloadMs`. */
	onIdle(): void;
};

/**
 * Who is on a document right now: its connections, their presence, what they are sent
 * when the document changes, and the timer that unloads the document once nobody is left.
 */
export class DocumentSession {
	readonly connections = new Set<SyncConnection>();
	readonly presence: Presence;
	readonly #deps: SessionDeps;
	#idleTimer: ReturnType<typeof setTimeout> | null = null;
	/** Listeners on the server itself (a matters event stream) that keep the document loaded. */
	#holds = 0;

	constructor(doc: Y.Doc, deps: SessionDeps) {
		this.#deps = deps;
		this.presence = new Presence(doc, {
			connections: () => this.connections,
			maxStateBytes: deps.awarenessMaxBytes,
			ownerOf: deps.ownerOf,
			publish: deps.publishAwareness
		});
	}

	attach(connection: SyncConnection, host: ConnectionHost): void {
		if (this.#idleTimer) clearTimeout(this.#idleTimer);
		this.#idleTimer = null;
		this.connections.add(connection);
		connection.attach(host);
	}

	detach(connection: SyncConnection): void {
		this.connections.delete(connection);
		this.presence.release(connection);
		if (this.idle) this.scheduleIdle();
	}

	/** Nobody is connected and nothing on the server listens. */
	get idle(): boolean {
		return this.connections.size === 0 && this.#holds === 0;
	}

	/** Keeps the document loaded until the returned release is called (once). */
	hold(): () => void {
		if (this.#idleTimer) clearTimeout(this.#idleTimer);
		this.#idleTimer = null;
		this.#holds++;
		let released = false;
		return () => {
			if (released) return;
			released = true;
			this.#holds--;
			if (this.idle) this.scheduleIdle();
		};
	}

	scheduleIdle(): void {
		if (this.#idleTimer) clearTimeout(this.#idleTimer);
		this.#idleTimer = setTimeout(() => {
			this.#idleTimer = null;
			if (this.idle) this.#deps.onIdle();
		}, this.#deps.idleUnloadMs);
		this.#idleTimer.unref?.();
	}

	/** Sends a change of the document to every connection but the one it came from (`origin`). */
	broadcast(update: Uint8Array, origin: unknown): void {
		const message = updateMessage(update);
		for (const connection of this.connections) {
			if (connection === origin) continue;
			connection.send(message);
			this.#deps.metrics.broadcastFanOut++;
		}
	}

	closeAll(code: number, reason: string): void {
		for (const connection of [...this.connections]) connection.close(code, reason);
	}

	destroy(): void {
		if (this.#idleTimer) clearTimeout(this.#idleTimer);
		this.presence.destroy();
	}
}
