import { Redis } from 'ioredis';
import * as Y from 'yjs';
import type { Bindings } from './client-owners';
import type { DocumentBridge } from './document-bridge';
import { encodeStateVector } from './update-encoding';

export type BridgeHandlers = {
	update(doc: string, update: Uint8Array, bindings: Bindings | null): void;
	stored(doc: string, clocks: Map<number, number>): void;
	awareness(doc: string, update: Uint8Array): void;
	/**
	 * Another instance changed the structure of the document's community: read its building places
	 * again. Later entries of the stream wait for it (at most a moment), so a client that sees the
	 * structure signal following the notice is already judged by the new places.
	 */
	placesChanged(doc: string): Promise<unknown> | undefined;
	control(message: ControlMessage): void;
	/** Redis answers again after an outage: what was published meanwhile may be missing; read it from the database. */
	reconnected(): void;
};

/** Sent to every instance: close the sockets of a session or of a user. */
export type ControlMessage = { kind: 'session' | 'user'; id: string };

const instanceIdLength = 16;
// Publishes made while Redis is away wait in ioredis' queue and go out when it is back; past this
// many, they are dropped instead (memory), and every instance reads the database when Redis returns.
const maxQueuedWhileDown = 10_000;
const controlTimeoutMs = 1000;
// How long the stream waits for building places to be read again before it goes on regardless.
const placesTimeoutMs = 2000;

/**
 * Scale-out over Redis: a stream per loaded document carries accepted updates, storage
 * confirmations and structure-change notices (every instance reads every entry, skipping its
 * own), pub/sub carries presence and control messages.
 */
export class RedisBridge implements DocumentBridge {
	readonly instanceId = crypto.randomUUID().replaceAll('-', '').slice(0, instanceIdLength);
	readonly #prefix: string;
	readonly #handlers: BridgeHandlers;
	readonly #commands: Redis;
	readonly #subscriber: Redis;
	readonly #reader: Redis;
	readonly #following = new Map<string, string>();
	readonly #replayMs: number;
	#readerId: number | null = null;
	#running = true;
	#loop: Promise<void> | null = null;
	#queuedWhileDown = 0;
	#wasDown = false;

	/** `replayMs`: how far back a newly loaded document replays the stream (updates accepted elsewhere, maybe not stored yet). */
	constructor(url: string, prefix: string, replayMs: number, handlers: BridgeHandlers) {
		const options = { protocol: 2 as const, maxRetriesPerRequest: null, lazyConnect: false };
		this.#prefix = prefix;
		this.#replayMs = replayMs;
		this.#handlers = handlers;
		this.#commands = new Redis(url, options);
		this.#subscriber = new Redis(url, options);
		this.#reader = new Redis(url, options);
		for (const client of [this.#commands, this.#subscriber, this.#reader]) {
			client.on('error', (error: Error) => console.error('[sync] redis:', error.message));
		}
		this.#commands.on('close', () => (this.#wasDown = true));
		this.#commands.on('ready', () => this.#onReady());
		// A restarted Redis numbers its clients anew.
		this.#reader.on('ready', () => void this.#readClientId());
		this.#subscriber.on('messageBuffer', (channel: Buffer, message: Buffer) => this.#onMessage(channel.toString(), message));
	}

	async start(): Promise<void> {
		await this.#readClientId();
		await this.#subscriber.subscribe(this.#controlChannel());
		this.#loop = this.#readLoop();
	}

	/** Answers at once while Redis is away (commands would wait in the queue until it is back). */
	async ping(): Promise<boolean> {
		if (this.#commands.status !== 'ready') return false;
		try {
			return (await this.#commands.ping()) === 'PONG';
		} catch {
			return false;
		}
	}

	async #readClientId(): Promise<void> {
		try {
			this.#readerId = Number(await this.#reader.call('CLIENT', 'ID'));
		} catch {
			// read again on the next 'ready'
		}
	}

	#onReady(): void {
		this.#queuedWhileDown = 0;
		if (!this.#wasDown) return;
		this.#wasDown = false;
		console.error('[sync] redis is back; reading what other instances stored meanwhile');
		this.#handlers.reconnected();
	}

	#streamKey = (doc: string) => `${this.#prefix}doc:${doc}`;
	#awarenessChannel = (doc: string) => `${this.#prefix}awareness:${doc}`;
	#controlChannel = () => `${this.#prefix}control`;

	/** Where reading starts for a document about to be loaded from the database. */
	startPosition(): string {
		return `${Math.max(0, Date.now() - this.#replayMs)}-0`;
	}

	/**
	 * Never holds a document's load (or unload) for longer than a moment: while Redis is away the
	 * commands wait in ioredis' queue and go out when it is back, and the document is served meanwhile.
	 */
	async follow(doc: string, from: string): Promise<void> {
		this.#following.set(doc, from);
		const subscribed = this.#subscriber.subscribe(this.#awarenessChannel(doc));
		// Wake the blocked reader so it reads the new stream at once. While Redis is away there is no
		// blocked read to wake, and a restarted Redis numbers its clients anew: the read after it
		// returns picks the new stream up by itself.
		const woken = this.#readerId !== null && this.#commands.status === 'ready' ? this.#commands.call('CLIENT', 'UNBLOCK', String(this.#readerId)) : null;
		await atMost(Promise.all([subscribed, woken]), controlTimeoutMs, `following ${doc}`);
	}

	async unfollow(doc: string): Promise<void> {
		this.#following.delete(doc);
		await atMost(this.#subscriber.unsubscribe(this.#awarenessChannel(doc)), controlTimeoutMs, `unfollowing ${doc}`);
	}

	publishUpdate(doc: string, update: Uint8Array, bindings: Bindings | null): void {
		void this.#append(doc, 'u', update, bindings);
	}

	publishStored(doc: string, clocks: ReadonlyMap<number, number>): void {
		void this.#append(doc, 's', encodeStateVector(clocks), null);
	}

	/**
	 * In the document's stream rather than on pub/sub: it keeps its place among the updates (before
	 * the structure signal that makes maps refetch), and an instance loading the document meanwhile
	 * replays it.
	 */
	publishPlacesChanged(doc: string): void {
		void this.#append(doc, 'p', new Uint8Array(), null);
	}

	publishAwareness(doc: string, update: Uint8Array): void {
		const message = Buffer.concat([Buffer.from(this.instanceId), update]);
		this.#commands.publish(this.#awarenessChannel(doc), message).catch(() => {});
	}

	/** Waits at most a second while Redis is away: the periodic session check closes the sockets elsewhere later. */
	async publishControl(message: ControlMessage): Promise<void> {
		await atMost(this.#commands.publish(this.#controlChannel(), JSON.stringify({ ...message, from: this.instanceId })), controlTimeoutMs, 'control message');
	}

	async close(): Promise<void> {
		this.#running = false;
		if (this.#readerId !== null) await this.#commands.call('CLIENT', 'UNBLOCK', String(this.#readerId)).catch(() => {});
		await this.#loop?.catch(() => {});
		this.#commands.disconnect();
		this.#subscriber.disconnect();
		this.#reader.disconnect();
	}

	async #append(doc: string, type: 'u' | 's' | 'p', data: Uint8Array, bindings: Bindings | null): Promise<void> {
		if (this.#commands.status !== 'ready' && ++this.#queuedWhileDown > maxQueuedWhileDown) return;
		const fields = ['i', this.instanceId, 't', type, 'd', Buffer.from(data)];
		if (bindings && bindings.clients.length > 0) fields.push('b', JSON.stringify(bindings));
		try {
			await this.#commands.xaddBuffer(this.#streamKey(doc), 'MAXLEN', '~', '10000', '*', ...fields);
		} catch (error) {
			console.error(`[sync] redis: publishing to ${doc} failed:`, error instanceof Error ? error.message : error);
		}
	}

	async #readLoop(): Promise<void> {
		while (this.#running) {
			const docs = [...this.#following.keys()];
			if (docs.length === 0) {
				await new Promise((resolve) => setTimeout(resolve, 50));
				continue;
			}
			let result: [Buffer, [Buffer, Buffer[]][]][] | null;
			try {
				result = (await this.#reader.xreadBuffer(
					'COUNT',
					500,
					'BLOCK',
					5000,
					'STREAMS',
					...docs.map(this.#streamKey),
					...docs.map((doc) => this.#following.get(doc) as string)
				)) as [Buffer, [Buffer, Buffer[]][]][] | null;
			} catch (error) {
				// CLIENT UNBLOCK makes XREAD fail on purpose; anything else is worth a pause.
				if (!String((error as Error)?.message).includes('UNBLOCKED')) await new Promise((resolve) => setTimeout(resolve, 500));
				continue;
			}
			for (const [key, entries] of result ?? []) await this.#dispatch(key.toString().slice(`${this.#prefix}doc:`.length), entries);
		}
	}

	async #dispatch(doc: string, entries: [Buffer, Buffer[]][]): Promise<void> {
		for (const [id, fields] of entries) {
			if (!this.#following.has(doc)) return;
			this.#following.set(doc, id.toString());
			const field = (name: string) => {
				const index = fields.findIndex((value, at) => at % 2 === 0 && value.toString() === name);
				return index < 0 ? undefined : fields[index + 1];
			};
			if (field('i')?.toString() === this.instanceId) continue;
			const data = new Uint8Array(field('d') ?? []);
			try {
				const type = field('t')?.toString();
				if (type === 'u') this.#handlers.update(doc, data, bindingsOf(field('b')));
				else if (type === 'p') await atMost(this.#handlers.placesChanged(doc) ?? Promise.resolve(), placesTimeoutMs, `reloading the places of ${doc}`);
				else this.#handlers.stored(doc, Y.decodeStateVector(data));
			} catch (error) {
				console.error(`[sync] redis: entry ${id} of ${doc} could not be applied:`, error instanceof Error ? error.message : error);
			}
		}
	}

	#onMessage(channel: string, message: Buffer): void {
		if (channel === this.#controlChannel()) {
			try {
				const parsed = JSON.parse(message.toString()) as ControlMessage & { from: string };
				if (parsed.from !== this.instanceId && (parsed.kind === 'session' || parsed.kind === 'user')) this.#handlers.control(parsed);
			} catch {
				// Not ours to act on.
			}
			return;
		}
		if (message.subarray(0, instanceIdLength).toString() === this.instanceId) return;
		const doc = channel.slice(`${this.#prefix}awareness:`.length);
		this.#handlers.awareness(doc, new Uint8Array(message.subarray(instanceIdLength)));
	}
}

/** Waits for a Redis command at most `ms` (it stays queued and completes later); a failure is logged, not thrown. */
async function atMost(command: Promise<unknown>, ms: number, what: string): Promise<void> {
	let timer: ReturnType<typeof setTimeout> | undefined;
	const later = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
	const done = command.then(
		() => {},
		(error: unknown) => console.error(`[sync] redis: ${what} failed:`, error instanceof Error ? error.message : error)
	);
	await Promise.race([done, later]);
	clearTimeout(timer);
}

/** The bindings field of a stream entry; written by our own instances only. */
function bindingsOf(field: Buffer | undefined): Bindings | null {
	if (!field) return null;
	const parsed = JSON.parse(field.toString()) as Bindings;
	return typeof parsed.userId === 'string' && Array.isArray(parsed.clients) ? parsed : null;
}
