import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import WebSocket, { WebSocketServer } from 'ws';
import type { SignalKey } from '../../src/lib/domain/community-doc';
import { mayViewCommunity, mayWrite, standingIn } from '../../src/lib/domain/permissions';
import { closeCodes, communityDocName } from '../../src/lib/domain/sync-protocol';
import { getCommunity } from '../../src/lib/server/community';
import { registerLiveHub, type LiveHub, type LiveStats } from '../../src/lib/server/live-hub';
import { prepareApp } from '../../src/lib/server/startup';
import { archiveQuietly, dropExpiredArchivedPaths } from './archive';
import { SyncConnection } from './connection';
import { GroupCommitter } from './group-commit';
import { LiveDocument } from './live-document';
import { foldsAtOnce, type LogCompactionDeps } from './log-compaction';
import { SyncMetrics } from './metrics';
import { compactDocument, loadDocument } from './persistence';
import { loadBuildingPlaces } from './places';
import { RedisBridge, type ControlMessage } from './redis-bridge';
import { TaskIdRegistry } from './task-ids';
import { currentSessions } from './session-check';
import type { SyncSettings } from './settings';
import { authorizeUpgrade, originAllowed, upgradeTarget, type UpgradeTarget } from './upgrade-auth';

/** ws closes with 1009 when a message exceeds maxPayload; the stock client would resend it forever. */
class CappedWebSocket extends WebSocket {
	override close(code?: number, data?: string | Buffer): void {
		if (code === 1009) super.close(closeCodes.tooLarge, 'message too large');
		else super.close(code, data);
	}
}

function rejectHttp(socket: Duplex, status: number, text: string): void {
	socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

export type SyncServerOptions = { origin: string | undefined; redisUrl: string | undefined; settings: SyncSettings };

/** The live-document server of this process: upgrades, documents, heartbeat, sessions, scale-out. */
export class SyncServer implements LiveHub {
	readonly settings: SyncSettings;
	readonly metrics = new SyncMetrics();
	readonly committer: GroupCommitter;
	readonly #taskIds = new TaskIdRegistry();
	/** Log folds of all documents, a few at a time. */
	readonly #compact: LogCompactionDeps['compact'];
	readonly #origin: string | undefined;
	readonly #wss: WebSocketServer;
	readonly #loading = new Map<string, Promise<LiveDocument>>();
	readonly #loaded = new Map<string, LiveDocument>();
	readonly #unloading = new Map<string, Promise<void>>();
	readonly #timers: ReturnType<typeof setInterval>[] = [];
	#bridge: RedisBridge | null = null;
	#pendingUpgrades = 0;
	#closing = false;

	private constructor(options: SyncServerOptions) {
		this.settings = options.settings;
		this.#origin = options.origin;
		this.committer = new GroupCommitter(this.settings.commitWindowMs, this.metrics);
		this.#compact = foldsAtOnce(this.settings.compactionsAtOnce, compactDocument);
		this.#wss = new WebSocketServer({
			noServer: true,
			maxPayload: this.settings.maxMessageBytes,
			perMessageDeflate: false,
			WebSocket: CappedWebSocket
		});
	}

	static async start(options: SyncServerOptions): Promise<SyncServer> {
		const server = new SyncServer(options);
		if (options.redisUrl) {
			server.#bridge = new RedisBridge(options.redisUrl, options.settings.redisPrefix, options.settings.redisReplayMs, {
				update: (doc, update, bindings) => server.#loaded.get(doc)?.applyRemoteUpdate(update, bindings),
				stored: (doc, clocks) => server.#loaded.get(doc)?.applyRemoteStored(clocks),
				awareness: (doc, update) => server.#loaded.get(doc)?.applyRemoteAwareness(update),
				placesChanged: (doc) => server.#loaded.get(doc)?.reloadPlaces(),
				control: (message) => server.#closeLocal(message),
				reconnected: () => void server.#catchUpAll()
			});
			await server.#bridge.start();
		}
		const tick = Math.max(50, Math.min(500, server.settings.keepaliveMs / 2, server.settings.pingMs / 2));
		server.#timers.push(setInterval(() => server.#heartbeat(), tick));
		server.#timers.push(setInterval(() => void server.#recheckSessions(), server.settings.sessionRecheckMs));
		server.#timers.push(setInterval(() => void server.#archiveAll(), server.settings.taskArchiveEveryMs));
		for (const timer of server.#timers) timer.unref();
		registerLiveHub(server);
		return server;
	}

	handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
		const target = upgradeTarget(request);
		if (!target) return rejectHttp(socket, 404, 'Not Found');
		if (!originAllowed(request, this.#origin)) {
			this.metrics.refusedUpgrade(403);
			return rejectHttp(socket, 403, 'Forbidden');
		}
		// Bounds what clients that have not yet been authenticated can make us hold.
		if (this.#closing || this.#pendingUpgrades >= this.settings.maxPendingUpgrades) {
			this.metrics.refusedUpgrade(503);
			return rejectHttp(socket, 503, 'Service Unavailable');
		}
		this.#pendingUpgrades++;
		socket.on('error', () => socket.destroy());
		const timeout = setTimeout(() => socket.destroy(), this.settings.authTimeoutMs);
		void this.#admit(request, socket, head, target).finally(() => {
			clearTimeout(timeout);
			this.#pendingUpgrades--;
		});
	}

	async #admit(request: IncomingMessage, socket: Duplex, head: Buffer, target: UpgradeTarget): Promise<void> {
		let refusal: { code: number; reason: string } | null = null;
		let accepted: { document: LiveDocument; connection: (ws: WebSocket) => SyncConnection } | null = null;
		try {
			await prepareApp();
			const decision = await authorizeUpgrade(request, target);
			if (decision.kind === 'accept') {
				const document = await this.#acquire(target);
				accepted = { document, connection: (ws) => new SyncConnection(ws, decision.identity, this.settings, this.metrics) };
			} else {
				refusal = decision;
			}
		} catch (error) {
			console.error(`[sync] ${target.docName} could not be opened:`, error instanceof Error ? error.message : error);
			refusal = { code: closeCodes.unavailable, reason: 'document unavailable, retry later' };
		}
		if (socket.destroyed) {
			if (accepted && accepted.document.connections.size === 0) accepted.document.scheduleIdle();
			return;
		}
		// The handshake completes either way: the stock client stops retrying only on a 44xx close code.
		this.#wss.handleUpgrade(request, socket, head, (ws) => {
			if (!accepted) {
				this.metrics.refusedUpgrade(refusal?.code ?? closeCodes.unavailable);
				ws.close(refusal?.code ?? closeCodes.unavailable, refusal?.reason ?? '');
				return;
			}
			accepted.document.attach(accepted.connection(ws));
		});
	}

	async #acquire(target: UpgradeTarget): Promise<LiveDocument> {
		const unloading = this.#unloading.get(target.docName);
		if (unloading) await unloading;
		let loading = this.#loading.get(target.docName);
		if (!loading) {
			loading = this.#load(target);
			this.#loading.set(target.docName, loading);
			// A failed load is forgotten, so the next connection tries again; nothing is ever saved over it.
			loading.catch(() => this.#loading.delete(target.docName));
		}
		return loading;
	}

	async #load({ docName, communityId }: UpgradeTarget): Promise<LiveDocument> {
		const from = this.#bridge?.startPosition();
		const [community, state, places] = await Promise.all([
			getCommunity(communityId),
			loadDocument(docName),
			loadBuildingPlaces(communityId),
			this.#taskIds.refresh()
		]);
		if (!community) throw new Error(`community ${communityId} does not exist`);
		const document = new LiveDocument(docName, community, state, places, {
			settings: this.settings,
			metrics: this.metrics,
			committer: this.committer,
			bridge: this.#bridge,
			taskIds: this.#taskIds,
			compact: this.#compact,
			onIdle: (idle) => void this.#unload(idle)
		});
		this.#loaded.set(docName, document);
		this.metrics.docsLoaded = this.#loaded.size;
		if (this.#bridge && from) await this.#bridge.follow(docName, from);
		// Housekeeping, not something the first clients wait for: they sync now and get the
		// archive's deletion as a server write, like any other pass.
		void archiveQuietly(document, this.settings.taskArchiveAfterMs, this.metrics);
		return document;
	}

	/**
	 * After a Redis outage: what other instances accepted meanwhile reached us neither by the stream
	 * nor otherwise; they stored it, so read every loaded document's log again (duplicates are
	 * harmless to Yjs). Once more a little later, for what they accepted just before Redis returned.
	 * A structure change announced meanwhile may be missing too: the building places are read again.
	 */
	async #catchUpAll(): Promise<void> {
		for (const delay of [0, 2 * this.settings.commitWindowMs + 1000]) {
			await new Promise((resolve) => setTimeout(resolve, delay));
			for (const document of [...this.#loaded.values()]) {
				try {
					document.catchUp(await loadDocument(document.name));
					await document.reloadPlaces();
				} catch (error) {
					console.error(`[sync] catching up ${document.name} failed:`, error instanceof Error ? error.message : error);
				}
			}
		}
	}

	async #archiveAll(): Promise<void> {
		await this.#taskIds.refresh().catch(() => {});
		for (const document of [...this.#loaded.values()]) await archiveQuietly(document, this.settings.taskArchiveAfterMs, this.metrics);
		await dropExpiredArchivedPaths(this.settings.taskLateWindowMs).catch((error) =>
			console.error('[sync] dropping expired archived paths failed:', error instanceof Error ? error.message : error)
		);
	}

	async #unload(document: LiveDocument): Promise<void> {
		if (this.#unloading.has(document.name) || !document.idle) return;
		this.#loading.delete(document.name);
		const done = (async () => {
			// Flush first; a document with unstored changes stays loaded until storing works again.
			if (!(await this.committer.drain())) {
				this.#loading.set(document.name, Promise.resolve(document));
				document.scheduleIdle();
				return;
			}
			await document.compactIfNeeded(true);
			await this.#bridge?.unfollow(document.name).catch(() => {});
			this.#loaded.delete(document.name);
			this.metrics.docsLoaded = this.#loaded.size;
			document.destroy();
		})();
		this.#unloading.set(document.name, done);
		await done.finally(() => this.#unloading.delete(document.name));
	}

	#connections(): SyncConnection[] {
		return [...this.#loaded.values()].flatMap((document) => [...document.connections]);
	}

	#heartbeat(): void {
		const now = Date.now();
		for (const connection of this.#connections()) connection.heartbeat(now);
	}

	/** Closes sockets whose session ended or expired (4401) or whose user left the community (4403). */
	async #recheckSessions(): Promise<void> {
		const connections = this.#connections();
		if (connections.length === 0) return;
		let current;
		try {
			current = await currentSessions([...new Set(connections.map((c) => c.identity.sessionId))]);
		} catch {
			return;
		}
		const now = Date.now();
		for (const connection of connections) {
			const state = current.get(connection.identity.sessionId);
			if (!state || state.expiresAt.getTime() <= now) {
				connection.close(closeCodes.unauthenticated, 'session ended');
				continue;
			}
			const document = this.#loaded.get(connection.documentName);
			const principal = { userId: connection.userId, memberships: state.memberships };
			const standing = document && standingIn(principal, document.community);
			if (!document || !standing || !mayViewCommunity(standing)) {
				connection.close(closeCodes.forbidden, 'no longer a member');
				continue;
			}
			connection.identity = {
				...connection.identity,
				principal,
				sessionExpiresAt: state.expiresAt,
				readOnly: !mayWrite(standing)
			};
		}
	}

	#closeLocal(message: ControlMessage): void {
		for (const connection of this.#connections()) {
			const hit = message.kind === 'session' ? connection.identity.sessionId === message.id : connection.userId === message.id;
			if (hit) connection.close(closeCodes.unauthenticated, 'session ended');
		}
	}

	async stats(): Promise<LiveStats> {
		return {
			docsLoaded: this.#loaded.size,
			connections: this.metrics.connections,
			redis: this.#bridge ? ((await this.#bridge.ping()) ? 'on' : 'down') : 'off',
			pendingWrites: this.committer.pending,
			persistenceError: this.committer.failing,
			writesSetAside: this.metrics.writesSetAside
		};
	}

	metricsText(): string {
		return this.metrics.render();
	}

	async bumpSignal(communityId: string, key: SignalKey): Promise<number> {
		const document = await this.#acquire({ docName: communityDocName(communityId), communityId });
		const value = document.bumpSignal(key);
		if (document.connections.size === 0) document.scheduleIdle();
		return value;
	}

	/**
	 * The structure services changed the community's buildings, micro-grids or grids (already
	 * committed). The write rules of this instance use the new places before this resolves; the
	 * other instances reload theirs when the notice reaches them over Redis, in order with the
	 * signal that follows it; then open maps are told to refetch.
	 */
	async structureChanged(communityId: string): Promise<number> {
		const docName = communityDocName(communityId);
		const document = await this.#acquire({ docName, communityId });
		await document.reloadPlaces();
		this.#bridge?.publishPlacesChanged(docName);
		const value = document.bumpSignal('structureVersion');
		if (document.connections.size === 0) document.scheduleIdle();
		return value;
	}

	/**
	 * Calls `listener` with `signals.<key>` of a community's document now and on every change,
	 * from this instance or (through Redis) another; the document stays loaded until the
	 * returned stop is called.
	 */
	async watchSignal(communityId: string, key: SignalKey, listener: (value: number) => void): Promise<() => void> {
		const document = await this.#acquire({ docName: communityDocName(communityId), communityId });
		const release = document.hold();
		const signals = document.doc.getMap('signals');
		const check = () => {
			const value = signals.get(key);
			if (typeof value === 'number') listener(value);
		};
		signals.observe(check);
		// A signal never bumped is version 0.
		listener(typeof signals.get(key) === 'number' ? (signals.get(key) as number) : 0);
		return () => {
			signals.unobserve(check);
			release();
		};
	}

	async endSession(sessionId: string): Promise<void> {
		await this.#endEverywhere({ kind: 'session', id: sessionId });
	}

	async endUser(userId: string): Promise<void> {
		await this.#endEverywhere({ kind: 'user', id: userId });
	}

	async #endEverywhere(message: ControlMessage): Promise<void> {
		this.#closeLocal(message);
		await this.#bridge?.publishControl(message).catch((error: Error) => console.error('[sync] redis control:', error.message));
	}

	/** Stops accepting, closes sockets (clients reconnect elsewhere), stores what is pending. */
	async close(): Promise<void> {
		this.#closing = true;
		for (const timer of this.#timers) clearInterval(timer);
		for (const document of this.#loaded.values()) document.closeAll(1001, 'server shutting down');
		const stored = await this.committer.drain();
		if (!stored) console.error(`[sync] ${this.committer.pending} accepted updates could not be stored before shutdown`);
		this.committer.stop();
		for (const document of this.#loaded.values()) document.destroy();
		this.#loaded.clear();
		this.#loading.clear();
		await this.#bridge?.close();
		this.#wss.close();
		registerLiveHub(null);
	}
}
