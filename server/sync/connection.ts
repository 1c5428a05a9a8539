import * as decoding from 'lib0/decoding';
import type WebSocket from 'ws';
import type { Principal } from '../../src/lib/domain/roles';
import {
	closeCodes,
	formatRefusal,
	messageAuth,
	messageAwareness,
	messageQueryAwareness,
	messageSync,
	type Refusal
} from '../../src/lib/domain/sync-protocol';
import { keepaliveMessage, permissionDeniedMessage } from './messages';
import type { SyncMetrics } from './metrics';
import type { SyncSettings } from './settings';
import { TokenBucket } from './token-bucket';

/** What a connection's document offers it; implemented by LiveDocument. */
export interface ConnectionHost {
	readonly name: string;
	onSyncStep1(connection: SyncConnection, stateVector: Uint8Array): void;
	/** `relay`: the client's sync step 2, which may carry other users' changes. */
	onUpdate(connection: SyncConnection, update: Uint8Array, relay: boolean): void;
	onAwareness(connection: SyncConnection, update: Uint8Array): void;
	onQueryAwareness(connection: SyncConnection): void;
	detach(connection: SyncConnection): void;
}

export type ConnectionIdentity = {
	userId: string;
	sessionId: string;
	sessionExpiresAt: Date;
	principal: Principal;
	readOnly: boolean;
};

const syncStep1 = 0;
const syncStep2 = 1;
const syncUpdate = 2;

/** Thrown for bytes that are not a y-websocket message; the connection closes with 4400. */
export class MalformedMessage extends Error {}

/** One WebSocket of one user on one document: reads messages, limits them, sends with backpressure. */
export class SyncConnection {
	readonly ws: WebSocket;
	identity: ConnectionIdentity;
	/** Awareness client ids this connection speaks for. */
	readonly awarenessIds = new Set<number>();
	/** Client ids this connection has bound to its user (bounded per connection). */
	newClientIds = 0;
	lastSentAt = Date.now();
	alive = true;
	#host: ConnectionHost | null = null;
	readonly #messages: TokenBucket;
	readonly #bytes: TokenBucket;
	readonly #settings: SyncSettings;
	readonly #metrics: SyncMetrics;
	#resumeTimer: ReturnType<typeof setTimeout> | null = null;
	#nextPingAt: number;
	#closed = false;
	/** Messages that arrived while an earlier one waits (`holdUntil`), in order; null when none waits. */
	#backlog: Uint8Array[] | null = null;
	#backlogBytes = 0;

	constructor(ws: WebSocket, identity: ConnectionIdentity, settings: SyncSettings, metrics: SyncMetrics) {
		this.ws = ws;
		this.identity = identity;
		this.#settings = settings;
		this.#metrics = metrics;
		this.#messages = new TokenBucket(settings.rateMessagesPerSecond, settings.burstMessages);
		this.#bytes = new TokenBucket(settings.rateBytesPerSecond, settings.burstBytes);
		this.#nextPingAt = Date.now() + Math.random() * settings.pingMs;
		ws.on('pong', () => (this.alive = true));
	}

	get documentName(): string {
		return this.#host?.name ?? '';
	}

	get userId(): string {
		return this.identity.userId;
	}

	get open(): boolean {
		return !this.#closed && this.ws.readyState === this.ws.OPEN;
	}

	attach(host: ConnectionHost): void {
		this.#host = host;
		this.#metrics.connections++;
		this.ws.on('message', (data: Buffer, isBinary: boolean) => this.#receive(data, isBinary));
		this.ws.on('close', () => this.#release());
		this.ws.on('error', () => this.#release());
	}

	send(message: Uint8Array): void {
		if (!this.open) return;
		// A reader that does not keep up must not make us hold unbounded data; it resyncs on reconnect.
		// One message alone may exceed the bound (the first sync of a big document): only a backlog counts.
		const backlog = this.ws.bufferedAmount;
		if (backlog > 0 && backlog + message.byteLength > this.#settings.maxBufferedBytes) {
			this.close(1013, 'too slow');
			return;
		}
		this.lastSentAt = Date.now();
		this.#metrics.bytesOut += message.byteLength;
		this.ws.send(message);
	}

	refuse(refusal: Refusal): void {
		this.send(permissionDeniedMessage(formatRefusal(refusal)));
	}

	/**
	 * Called often: sends a keepalive after silence, and a ping when this connection's turn has
	 * come. Turns start at a random offset so a thousand sockets are not pinged in one burst.
	 */
	heartbeat(now: number): void {
		if (now - this.lastSentAt >= this.#settings.keepaliveMs) this.send(keepaliveMessage);
		if (now < this.#nextPingAt) return;
		this.#nextPingAt = now + this.#settings.pingMs;
		this.#ping();
	}

	/** Sends a ping; a peer that did not answer the previous one is dropped. */
	#ping(): void {
		if (!this.alive) {
			this.ws.terminate();
			return;
		}
		this.alive = false;
		if (this.open) this.ws.ping();
	}

	close(code: number, reason: string): void {
		if (this.#closed) return;
		this.ws.close(code, reason);
		this.#release();
	}

	#release(): void {
		if (this.#closed) return;
		this.#closed = true;
		if (this.#resumeTimer) clearTimeout(this.#resumeTimer);
		// A throttled socket must still read the peer's close frame, or closing waits for ws's 30 s timeout.
		this.ws.resume();
		this.#metrics.connections--;
		this.#host?.detach(this);
	}

	#receive(data: Buffer, isBinary: boolean): void {
		if (this.#closed) return;
		this.#metrics.bytesIn += data.byteLength;
		this.#throttle(data.byteLength);
		if (!isBinary) return this.#malformed();
		const message = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
		if (this.#backlog) return this.#keepForLater(message);
		this.#handle(() => this.#dispatch(message));
	}

	#handle(work: () => void): void {
		try {
			work();
		} catch {
			this.#malformed();
		}
	}

	/** Garbage from one client costs that client its connection, nobody else anything. */
	#malformed(): void {
		this.#metrics.malformedMessages++;
		this.close(closeCodes.malformed, 'malformed message');
	}

	/**
	 * Holds this connection's later messages until `ready` settles, then runs `retry` (the message
	 * that had to wait) and handles them in order: a message never overtakes an earlier one of the
	 * same client. While held the socket is not read. Should `ready` fail, the connection closes
	 * and the client sends it all again when it reconnects.
	 */
	holdUntil(ready: Promise<unknown>, retry: () => void): void {
		this.#backlog ??= [];
		this.ws.pause();
		ready.then(
			() => {
				if (this.#closed) return;
				const waiting = this.#backlog ?? [];
				this.#backlog = null;
				this.#backlogBytes = 0;
				this.#handle(retry);
				for (let index = 0; index < waiting.length && !this.#closed; index++) {
					if (this.#backlog) {
						// Held again: what is left waits behind the new hold, still in order.
						for (const message of waiting.slice(index)) this.#keepForLater(message);
						break;
					}
					this.#handle(() => this.#dispatch(waiting[index]));
				}
				if (!this.#backlog && !this.#resumeTimer && this.open) this.ws.resume();
			},
			() => this.close(closeCodes.unavailable, 'try again')
		);
	}

	/** Messages already read from the socket when it was paused; bounded like a send backlog. */
	#keepForLater(message: Uint8Array): void {
		this.#backlogBytes += message.byteLength;
		if (this.#backlogBytes > this.#settings.maxBufferedBytes) {
			this.close(closeCodes.unavailable, 'try again');
			return;
		}
		this.#backlog!.push(message);
	}

	/** Over the rate, stop reading the socket until the buckets recover: TCP pushes back on the sender. */
	#throttle(bytes: number): void {
		const wait = Math.max(this.#messages.take(1), this.#bytes.take(bytes));
		if (wait === 0 || this.#resumeTimer) return;
		this.ws.pause();
		this.#resumeTimer = setTimeout(() => {
			this.#resumeTimer = null;
			if (this.open && !this.#backlog) this.ws.resume();
		}, wait);
	}

	#dispatch(message: Uint8Array): void {
		const host = this.#host;
		if (!host) return;
		const decoder = decoding.createDecoder(message);
		const type = decoding.readVarUint(decoder);
		switch (type) {
			case messageSync: {
				const step = decoding.readVarUint(decoder);
				const payload = decoding.readVarUint8Array(decoder);
				if (step === syncStep1) host.onSyncStep1(this, payload);
				else if (step === syncStep2 || step === syncUpdate) host.onUpdate(this, payload, step === syncStep2);
				else throw new MalformedMessage(`sync step ${step}`);
				return;
			}
			case messageAwareness:
				host.onAwareness(this, decoding.readVarUint8Array(decoder));
				return;
			case messageQueryAwareness:
				host.onQueryAwareness(this);
				return;
			case messageAuth:
				// Clients have nothing to say in the auth protocol; ignore rather than close.
				return;
			default:
				throw new MalformedMessage(`message type ${type}`);
		}
	}
}
