import { count, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { acknowledge, createTask, markHousehold, setTaskField, taskOf } from '../../../src/lib/domain/task-doc';
import { communityDocName } from '../../../src/lib/domain/sync-protocol';
import { db } from '../../../src/lib/server/db';
import { progressEvents, yjsSnapshots, yjsUpdates } from '../../../src/lib/server/db/schema';
import { demoPlaces, sessionCookie, type DemoPlaces } from '../../fixtures/demo-places';
import { clientFrame, eventually, frames, health, metric, RawSyncSocket, type RawSocketOptions } from '../../fixtures/raw-sync-socket';
import { quietly, SyncClient, waitFor } from '../../fixtures/sync-client';
import { startTestServer, type TestServer } from '../../fixtures/test-server';
import { newTask } from '../../fixtures/task-factory';
import { decodeSnapshot } from '../../../server/sync/snapshot-codec';

/** Sets sync settings for the next server start; returns what restores the environment. */
function useEnv(values: Record<string, string>): () => void {
	const before = new Map(Object.keys(values).map((key) => [key, process.env[key]]));
	Object.assign(process.env, values);
	return () => {
		for (const [key, value] of before) {
			if (value === undefined) delete process.env[key];
			else process.env[key] = value;
		}
	};
}

/** One started server with its demo logins, and everything a test opened on it (closed after each test). */
class Harness {
	server!: TestServer;
	places!: DemoPlaces;
	readonly cookies = new Map<string, string>();
	readonly clients: SyncClient[] = [];
	readonly sockets: RawSyncSocket[] = [];
	readonly statuses = new Map<SyncClient, string[]>();
	readonly closeCodes = new Map<SyncClient, number[]>();

	async start(usernames: string[]): Promise<void> {
		this.server = await startTestServer();
		this.places = await demoPlaces();
		for (const username of usernames) this.cookies.set(username, await sessionCookie(this.server.url, username));
	}

	get docName(): string {
		return communityDocName(this.places.communityId);
	}

	userId(username: string): string {
		return this.places.userIds.get(username)!;
	}

	connect(username: string): SyncClient {
		const client = SyncClient.forCommunity(this.server.url, this.places.communityId, this.cookies.get(username)!);
		const statuses: string[] = [];
		const codes: number[] = [];
		client.provider.on('status', (event) => statuses.push(event.status));
		client.provider.on('connection-close', (event) => {
			if (event) codes.push(event.code);
		});
		this.statuses.set(client, statuses);
		this.closeCodes.set(client, codes);
		this.clients.push(client);
		return client;
	}

	async raw(username: string, options?: RawSocketOptions): Promise<RawSyncSocket> {
		const socket = await RawSyncSocket.open(this.server.url, this.places.communityId, this.cookies.get(username)!, options);
		this.sockets.push(socket);
		return socket;
	}

	/** Destroys one client before the end of the test. */
	drop(client: SyncClient): void {
		this.clients.splice(this.clients.indexOf(client), 1);
		client.destroy();
	}

	release(): void {
		for (const client of this.clients.splice(0)) client.destroy();
		for (const socket of this.sockets.splice(0)) {
			if (socket.ws.isPaused) socket.ws.resume();
			socket.terminate();
		}
	}

	async stop(): Promise<void> {
		this.release();
		await this.server?.stop();
	}
}

const bigText = (length: number) => '查'.repeat(length);

/** Checks each write of `client` while `change` runs stays under `cap` bytes (so it is not refused for size). */
function writesUnder(client: SyncClient, cap: number, change: () => void): number[] {
	const sizes: number[] = [];
	const listen = (update: Uint8Array) => sizes.push(update.byteLength);
	client.doc.on('update', listen);
	try {
		change();
	} finally {
		client.doc.off('update', listen);
	}
	for (const size of sizes) expect(size).toBeLessThan(cap - 64);
	return sizes;
}

describe('sync server limits (small caps)', () => {
	const h = new Harness();
	const maxMessage = 64 * 1024;
	const maxBuffered = 256 * 1024;
	let restoreEnv: () => void = () => {};
	let bigTasks = 0;

	beforeAll(async () => {
		restoreEnv = useEnv({
			SYNC_MAX_MESSAGE_BYTES: String(maxMessage),
			SYNC_RATE_MESSAGES_PER_S: '40',
			SYNC_BURST_MESSAGES: '10',
			SYNC_AWARENESS_MAX_BYTES: '256',
			SYNC_KEEPALIVE_MS: '300',
			SYNC_IDLE_UNLOAD_MS: '300',
			SYNC_MAX_BUFFERED_BYTES: String(maxBuffered)
		});
		await h.start(['chief1', 'liaison01', 'secretary']);
	});
	afterEach(() => h.release());
	afterAll(async () => {
		await h.stop();
		restoreEnv();
	});

	/** Adds tasks of ~12 KB each, four per write (each write under the message cap), until the document holds `bytes`. */
	async function growDocument(bytes: number): Promise<SyncClient> {
		const chief = h.connect('chief1');
		await chief.synced();
		const building = h.places.chief1OtherBuildings[0];
		while (Y.encodeStateAsUpdate(chief.doc).byteLength < bytes) {
			writesUnder(chief, maxMessage, () =>
				chief.doc.transact(() => {
					for (let i = 0; i < 4; i++, bigTasks++) {
						createTask(chief.doc, {
							id: `big-${bigTasks}`,
							title: `大文档 ${bigTasks}`,
							kind: 'check',
							instructions: bigText(3900),
							createdBy: h.userId('chief1'),
							createdAt: Date.now(),
							dueAt: null,
							scope: [building]
						});
					}
				})
			);
		}
		await waitFor(() => chief.confirmed, 30_000, 'big writes stored');
		expect(chief.closed).toBeNull();
		expect(chief.refusals).toEqual([]);
		return chief;
	}

	describe('message size cap', () => {
		it('a write bigger than SYNC_MAX_MESSAGE_BYTES closes that socket with 4413 and the stock client stops retrying', async () => {
			const chief = h.connect('chief1');
			const observer = h.connect('secretary');
			await Promise.all([chief.synced(), observer.synced()]);
			const building = h.places.chief1OtherBuildings[0];
			let sent = 0;
			chief.doc.on('update', (update: Uint8Array) => (sent = update.byteLength));
			chief.doc.transact(() => {
				for (let i = 0; i < 8; i++) {
					createTask(chief.doc, {
						id: `too-big-${i}`,
						title: '超大写入',
						kind: 'check',
						instructions: bigText(3900),
						createdBy: h.userId('chief1'),
						createdAt: Date.now(),
						dueAt: null,
						scope: [building]
					});
				}
			});
			expect(sent).toBeGreaterThan(maxMessage);

			await waitFor(() => chief.closed !== null, 10_000, 'closed event');
			expect(chief.closed?.code).toBe(4413);
			expect(chief.closed?.reason).toMatch(/too large/);
			expect(chief.provider.shouldConnect).toBe(false);
			const attempts = h.statuses.get(chief)!.filter((s) => s === 'connecting').length;
			// The client backs off at most 300 ms (maxBackoffTime); a retry loop would show within a second.
			await quietly(1000);
			expect(h.statuses.get(chief)!.filter((s) => s === 'connecting').length).toBe(attempts);
			expect(chief.provider.wsconnected).toBe(false);
			expect((await health(h.server.url)).connections).toBe(1);
			// Nothing of the refused message reached anyone.
			expect(taskOf(observer.doc, 'too-big-0')).toBeUndefined();
			expect(observer.closed).toBeNull();
		});
	});

	describe('token bucket', () => {
		it('a flood of small allowed updates is slowed down, not dropped or disconnected', async () => {
			const chief = h.connect('chief1');
			const liaison = h.connect('liaison01');
			await Promise.all([chief.synced(), liaison.synced()]);
			const building = h.places.liaison01Buildings[0];
			createTask(chief.doc, newTask(h.userId('chief1'), [building], { id: 'task-flood', title: '逐户登记', instructions: '', dueAt: null }));
			await waitFor(() => !!taskOf(liaison.doc, 'task-flood'), 5000, 'task reaches the liaison');
			const acceptedBefore = await metric(h.server.url, 'sync_updates_accepted_total');

			const marks = 200; // 20× the burst of 10 at 40 messages/s
			const started = Date.now();
			let messages = 0;
			liaison.doc.on('update', () => messages++);
			// Ten at a time, so the marks reach the server over many reads, not as one packet.
			for (let i = 0; i < marks; i++) {
				markHousehold(liaison.doc, 'task-flood', building, `F-${i}`, { s: 'visited', by: h.userId('liaison01') });
				if (i % 10 === 9) await quietly(10);
			}
			expect(messages).toBe(marks);
			const progressAt = (doc: Y.Doc) => (taskOf(doc, 'task-flood')?.get('progress') as Y.Map<Y.Map<unknown>>).get(building);
			await waitFor(() => progressAt(chief.doc)?.size === marks, 45_000, 'every mark reaches the chief');
			await waitFor(() => liaison.confirmed, 20_000, 'every mark stored');
			console.info(`[limits] ${marks} updates through a 40/s bucket in ${Date.now() - started} ms`);

			expect(liaison.closed).toBeNull();
			expect(h.statuses.get(liaison)).not.toContain('disconnected');
			expect(liaison.refusals).toEqual([]);
			expect(Y.encodeStateVector(chief.doc)).toEqual(Y.encodeStateVector(liaison.doc));
			const [{ rows }] = await db().select({ rows: count() }).from(progressEvents).where(eq(progressEvents.taskId, 'task-flood'));
			expect(rows).toBe(marks);
			expect((await metric(h.server.url, 'sync_updates_accepted_total')) - acceptedBefore).toBeGreaterThanOrEqual(marks);
		});
	});

	describe('awareness', () => {
		const statesOf = (client: SyncClient, clientId: number) => {
			const seen: Record<string, unknown>[] = [];
			client.provider.awareness.on('change', () => {
				const state = client.provider.awareness.getStates().get(clientId);
				if (state) seen.push(state);
			});
			return seen;
		};

		it('a client that joins sees the presence of those already there', async () => {
			const chief = h.connect('chief1');
			await chief.synced();
			chief.provider.awareness.setLocalState({ looking: 'board' });
			createTask(chief.doc, newTask(h.userId('chief1'), [h.places.chief1OtherBuildings[0]], { id: 'task-presence', title: '在线', instructions: '', dueAt: null }));
			// Stored after the presence message, so the server has the chief's presence.
			await waitFor(() => chief.confirmed, 5000, 'chief write stored');

			const liaison = h.connect('liaison01');
			await liaison.synced();
			// A round trip of the newcomer: whatever the server sent it on joining has arrived by now.
			acknowledge(liaison.doc, 'task-presence', h.userId('liaison01'));
			await waitFor(() => liaison.confirmed, 5000, 'liaison write stored');
			// The stock y-websocket server sends every known presence on connect; stock clients never ask (no query-awareness).
			expect(liaison.provider.awareness.getStates().get(chief.clientId)).toEqual({ looking: 'board', userId: h.userId('chief1') });
		});

		it('a state over SYNC_AWARENESS_MAX_BYTES is refused and never reaches others', async () => {
			const chief = h.connect('chief1');
			const liaison = h.connect('liaison01');
			await Promise.all([chief.synced(), liaison.synced()]);
			const seen = statesOf(chief, liaison.clientId);
			liaison.provider.awareness.setLocalState({ blob: 'x'.repeat(400) });
			await waitFor(() => liaison.refusals.includes(`awareness ${liaison.clientId}`), 5000, 'awareness refusal');
			// A small state afterwards arrives, so the big one would have arrived before it.
			liaison.provider.awareness.setLocalState({ looking: 'list' });
			await waitFor(() => seen.some((s) => s.looking === 'list'), 5000, 'small state reaches the chief');
			expect(seen.filter((s) => 'blob' in s)).toEqual([]);
			expect(liaison.closed).toBeNull();
		});

		it('the awareness cap counts bytes, not UTF-16 characters', async () => {
			const chief = h.connect('chief1');
			const liaison = h.connect('liaison01');
			await Promise.all([chief.synced(), liaison.synced()]);
			const seen = statesOf(chief, liaison.clientId);
			// 100 characters, 300 bytes of UTF-8: over the 256-byte cap.
			const name = '网'.repeat(100);
			expect(new TextEncoder().encode(JSON.stringify({ name })).byteLength).toBeGreaterThan(256);
			liaison.provider.awareness.setLocalState({ name });
			await waitFor(
				() => liaison.refusals.includes(`awareness ${liaison.clientId}`) || seen.some((s) => s.name === name),
				5000,
				'refusal or delivery'
			);
			expect(seen.filter((s) => s.name === name)).toEqual([]);
			expect(liaison.refusals).toContain(`awareness ${liaison.clientId}`);
		});

		it('an entry for a client id of another user (live connection or bound by writes) is refused', async () => {
			const chief = h.connect('chief1');
			const observer = h.connect('secretary');
			await Promise.all([chief.synced(), observer.synced()]);
			chief.provider.awareness.setLocalState({ looking: 'board' });
			await waitFor(() => observer.provider.awareness.getStates().get(chief.clientId)?.looking === 'board', 5000, 'chief presence');
			const seen = statesOf(observer, chief.clientId);

			const raw = await h.raw('liaison01');
			await raw.initialSync();
			raw.send(frames.awareness([{ clientId: chief.clientId, clock: 1_000_000, state: JSON.stringify({ looking: 'forged' }) }]));
			await waitFor(() => raw.denials().includes(`awareness ${chief.clientId}`), 5000, 'refusal of a live id');

			// Bound by writes: the chief writes with its id, leaves, and the id stays the chief's.
			createTask(chief.doc, newTask(h.userId('chief1'), [h.places.chief1OtherBuildings[0]], { id: 'task-awareness-owner', title: '占位', instructions: '', dueAt: null }));
			await waitFor(() => chief.confirmed, 5000, 'chief write stored');
			const chiefId = chief.clientId;
			h.drop(chief);
			await waitFor(() => !observer.provider.awareness.getStates().has(chiefId), 5000, 'chief presence removed');
			raw.send(frames.awareness([{ clientId: chiefId, clock: 2_000_000, state: JSON.stringify({ looking: 'forged-again' }) }]));
			await waitFor(() => raw.denials().filter((d) => d === `awareness ${chiefId}`).length === 2, 5000, 'refusal of a bound id');

			// A state for an id of its own goes through, so anything forged before it would have arrived too.
			const ownId = 0x7fff0001;
			raw.send(frames.awareness([{ clientId: ownId, clock: 1, state: JSON.stringify({ looking: 'own' }) }]));
			await waitFor(() => observer.provider.awareness.getStates().get(ownId)?.looking === 'own', 5000, 'own presence');
			expect(seen.filter((s) => typeof s.looking === 'string' && s.looking.startsWith('forged'))).toEqual([]);
			expect(observer.provider.awareness.getStates().has(chiefId)).toBe(false);
			expect(raw.isOpen).toBe(true);
		});

		it('a client that reconnects gets its presence back although others echoed its removal', async () => {
			const chief = h.connect('chief1');
			const liaison = h.connect('liaison01');
			await Promise.all([chief.synced(), liaison.synced()]);
			liaison.provider.awareness.setLocalState({ looking: 'map' });
			const liaisonId = liaison.clientId;
			await waitFor(() => chief.provider.awareness.getStates().get(liaisonId)?.looking === 'map', 5000, 'presence');

			// A dropped connection (no goodbye from the client): the server removes the liaison's presence and tells
			// the chief, whose stock client sends every awareness update it applies back to the server, the removal too.
			liaison.provider.shouldConnect = false;
			(liaison.provider.ws as unknown as { terminate(): void }).terminate();
			await waitFor(() => !chief.provider.awareness.getStates().has(liaisonId), 5000, 'presence removed');
			// The chief's messages are read in order: once a later write is stored, the echo was handled.
			createTask(chief.doc, newTask(h.userId('chief1'), [h.places.chief1OtherBuildings[0]], { id: 'task-echo', title: '回声', instructions: '', dueAt: null }));
			await waitFor(() => chief.confirmed, 5000, 'chief write stored');

			liaison.provider.connect();
			await liaison.synced();
			// A new state (a higher clock: the server ignores a resend of the state it removed, as stock y-websocket does).
			liaison.provider.awareness.setLocalState({ looking: 'list' });
			await waitFor(
				() =>
					chief.provider.awareness.getStates().get(liaisonId)?.looking === 'list' || liaison.refusals.includes(`awareness ${liaisonId}`),
				5000,
				'presence back, or refused'
			);
			expect(liaison.refusals).not.toContain(`awareness ${liaisonId}`);
			expect(chief.provider.awareness.getStates().get(liaisonId)?.looking).toBe('list');
		});

		it("closing one of a user's two tabs removes its presence, not the other tab's (echoes must not move ids)", async () => {
			const tabA = h.connect('chief1');
			const tabB = h.connect('chief1');
			const observer = h.connect('secretary');
			await Promise.all([tabA.synced(), tabB.synced(), observer.synced()]);
			tabA.provider.awareness.setLocalState({ looking: 'tab-a' });
			tabB.provider.awareness.setLocalState({ looking: 'tab-b' });
			await waitFor(() => observer.provider.awareness.getStates().get(tabA.clientId)?.looking === 'tab-a', 5000, 'tab A presence');
			await waitFor(() => observer.provider.awareness.getStates().get(tabB.clientId)?.looking === 'tab-b', 5000, 'tab B presence');
			await waitFor(() => tabB.provider.awareness.getStates().get(tabA.clientId)?.looking === 'tab-a', 5000, 'tab B saw it');
			// Tab B's stock client echoed tab A's state; a write of tab B stored afterwards proves the echo was handled.
			createTask(tabB.doc, newTask(h.userId('chief1'), [h.places.chief1OtherBuildings[0]], { id: 'task-two-tabs', title: '两个标签页', instructions: '', dueAt: null }));
			await waitFor(() => tabB.confirmed, 5000, 'tab B write stored');
			const removals: number[] = [];
			observer.provider.awareness.on('change', ({ removed }: { removed: number[] }) => removals.push(...removed));

			h.drop(tabB);
			await eventually(async () => (await health(h.server.url)).connections === 2, 5000, 'tab B gone');
			// Whatever the server broadcast when tab B left reached the observer before this write's confirmation.
			createTask(observer.doc, newTask(h.userId('secretary'), [h.places.chief1OtherBuildings[0]], { id: 'task-two-tabs-sync', title: '同步点', instructions: '', dueAt: null }));
			await waitFor(() => observer.confirmed, 5000, 'observer write stored');
			// Tab B's goodbye removed its presence everywhere (no ghost until the 30 s awareness timeout)...
			expect(removals).toContain(tabB.clientId);
			expect(observer.provider.awareness.getStates().has(tabB.clientId)).toBe(false);
			// ...and tab A's presence never went away, not even for a moment (its client puts it back when told of a removal).
			expect(removals).not.toContain(tabA.clientId);
			expect(observer.provider.awareness.getStates().get(tabA.clientId)?.looking).toBe('tab-a');
		});

		it('a normal state reaches others with the userId stamped by the server', async () => {
			const chief = h.connect('chief1');
			const liaison = h.connect('liaison01');
			await Promise.all([chief.synced(), liaison.synced()]);
			liaison.provider.awareness.setLocalState({ looking: 'map', userId: h.userId('chief1') });
			await waitFor(() => chief.provider.awareness.getStates().get(liaison.clientId)?.looking === 'map', 5000, 'presence');
			expect(chief.provider.awareness.getStates().get(liaison.clientId)).toEqual({ looking: 'map', userId: h.userId('liaison01') });
			expect(liaison.refusals).toEqual([]);
		});
	});

	describe('malformed messages', () => {
		it('a truncated message closes only that connection with 4400 and is counted', async () => {
			const chief = h.connect('chief1');
			const liaison = h.connect('liaison01');
			await Promise.all([chief.synced(), liaison.synced()]);
			const raw = await h.raw('liaison01');
			await raw.initialSync();
			const malformedBefore = await metric(h.server.url, 'sync_malformed_messages_total');

			const source = new Y.Doc();
			source.getMap('tasks').set('anything', 'value');
			const update = frames.update(Y.encodeStateAsUpdate(source));
			raw.send(update.slice(0, update.byteLength - 3));
			expect(await raw.whenClosed()).toEqual({ code: 4400, reason: 'malformed message' });
			expect((await metric(h.server.url, 'sync_malformed_messages_total')) - malformedBefore).toBe(1);

			// The others on the same document keep working.
			createTask(chief.doc, newTask(h.userId('chief1'), h.places.liaison01Buildings, { id: 'task-after-malformed', title: '继续工作', instructions: '', dueAt: null }));
			await waitFor(() => !!taskOf(liaison.doc, 'task-after-malformed'), 5000, 'write after the malformed message');
			markHousehold(liaison.doc, 'task-after-malformed', h.places.liaison01Buildings[0], '1-101', { s: 'absent', by: h.userId('liaison01') });
			await waitFor(() => chief.confirmed && liaison.confirmed, 5000, 'stored');
			await waitFor(() => Y.encodeStateVector(chief.doc).toString() === Y.encodeStateVector(liaison.doc).toString(), 5000, 'converged');
			expect(chief.closed).toBeNull();
			expect(liaison.closed).toBeNull();
			expect(h.statuses.get(chief)).not.toContain('disconnected');
		});

		it('a declared length past the end of the frame is malformed even when more bytes follow in the same packet', async () => {
			const raw = await h.raw('liaison01', { zeroMask: true });
			await raw.initialSync();
			const before = raw.received.length;
			// Empty pings right behind the frame: their bytes happen to decode as a state vector.
			const ping = Uint8Array.of(0x89, 0x80, 0, 0, 0, 0);
			const follow = new Uint8Array(ping.byteLength * 8);
			for (let i = 0; i < 8; i++) follow.set(ping, i * ping.byteLength);
			let declared = 1;
			while (declared <= follow.byteLength) {
				try {
					Y.decodeStateVector(follow.slice(0, declared));
					break;
				} catch {
					declared++;
				}
			}
			expect(declared).toBeLessThan(follow.byteLength);
			expect(declared).toBeLessThan(128);
			const frame = clientFrame(0x2, Uint8Array.of(0, 0, declared));
			const packet = new Uint8Array(frame.byteLength + follow.byteLength);
			packet.set(frame);
			packet.set(follow, frame.byteLength);
			raw.writeRaw(packet);
			expect((await raw.whenClosed()).code).toBe(4400);
			expect(raw.received.slice(before).filter((m) => m.kind === 'sync')).toEqual([]);
		});

		it('a connection closed while it is throttled still completes the closing handshake', async () => {
			const raw = await h.raw('liaison01');
			await raw.initialSync();
			// 30 messages against a burst of 10: the server pauses reading this socket until the bucket recovers.
			for (let i = 0; i < 30; i++) raw.send(frames.queryAwareness());
			raw.send(Uint8Array.of(0, 1, 0x85));
			await waitFor(() => raw.ws.readyState !== raw.ws.OPEN, 5000, 'the close frame of the server');
			// Our close reply must be read for the server to end the TCP connection; ws gives up only after 30 s.
			await waitFor(() => raw.closed !== null, 10_000, 'the end of the closing handshake');
			expect(raw.closed?.code).toBe(4400);
		});

		it('a text frame closes with 4400', async () => {
			const raw = await h.raw('liaison01');
			await raw.initialSync();
			raw.send('{"type":"sync"}');
			expect((await raw.whenClosed()).code).toBe(4400);
		});
	});

	describe('idle unload', () => {
		it('after the last client leaves the document is compacted and unloaded, and comes back from snapshot plus tail', async () => {
			const chief = h.connect('chief1');
			await chief.synced();
			createTask(chief.doc, newTask(h.userId('chief1'), [h.places.chief1OtherBuildings[0]], { id: 'task-idle', title: '空闲卸载', instructions: '', dueAt: null }));
			await waitFor(() => chief.confirmed, 5000, 'stored');
			const rowsOf = async () =>
				(await db().select({ rows: count() }).from(yjsUpdates).where(eq(yjsUpdates.doc, h.docName)))[0].rows;
			expect(await rowsOf()).toBeGreaterThan(0);
			expect((await health(h.server.url)).docsLoaded).toBe(1);
			h.release();

			await eventually(async () => (await health(h.server.url)).docsLoaded === 0, 10_000, 'document unloaded');
			const [snapshot] = await db().select().from(yjsSnapshots).where(eq(yjsSnapshots.doc, h.docName));
			expect(snapshot).toBeDefined();
			expect(await rowsOf()).toBe(0);
			const fromSnapshot = new Y.Doc();
			Y.applyUpdate(fromSnapshot, await decodeSnapshot(snapshot));
			expect(taskOf(fromSnapshot, 'task-idle')?.get('title')).toBe('空闲卸载');

			// A row logged after the snapshot (as another instance would append it): the tail.
			const tail = new Y.Doc();
			Y.applyUpdate(tail, await decodeSnapshot(snapshot));
			let tailUpdate: Uint8Array | null = null;
			tail.on('update', (update: Uint8Array) => (tailUpdate = update));
			setTaskField(tail, 'task-idle', 'title', '空闲卸载（尾部）');
			await db().insert(yjsUpdates).values({ doc: h.docName, update: tailUpdate!, userId: null, clientId: tail.clientID });

			const late = h.connect('secretary');
			await late.synced();
			expect(taskOf(late.doc, 'task-idle')?.get('title')).toBe('空闲卸载（尾部）');
			expect(late.doc.getMap('tasks').toJSON()).toEqual(tail.getMap('tasks').toJSON());
			expect((await health(h.server.url)).docsLoaded).toBe(1);
		});
	});

	describe('big documents and slow readers', () => {
		it('the initial sync of a document bigger than the message cap passes', async () => {
			const chief = await growDocument(150_000);
			const size = Y.encodeStateAsUpdate(chief.doc).byteLength;
			expect(size).toBeGreaterThan(maxMessage);
			expect(size).toBeLessThan(maxBuffered);
			const late = h.connect('secretary');
			await late.synced(20_000);
			expect(late.doc.getMap('tasks').toJSON()).toEqual(chief.doc.getMap('tasks').toJSON());
			expect(late.closed).toBeNull();
			expect(h.closeCodes.get(late)).toEqual([]);
			expect(h.closeCodes.get(chief)).toEqual([]);
		});

		it('a reader that never reads is closed with 1013 instead of being buffered for without bound', async () => {
			const writer = await growDocument(150_000);
			const reader = await h.raw('liaison01');
			const full = await reader.initialSync();
			expect(Y.encodeStateAsUpdate(full).byteLength).toBeGreaterThan(100_000);
			await eventually(async () => (await health(h.server.url)).connections === 2, 5000, 'two connections');
			const step2Before = reader.received.filter((m) => m.kind === 'sync' && m.step === 1).length;

			reader.ws.pause();
			let requested = 0;
			let dropped = false;
			// Each request makes the server send the whole document (~150 KB) to a socket nobody reads. One request
			// per 30 ms stays under the 40/s bucket, so the server never stops reading this socket (see the next test).
			for (let round = 0; round < 600 && !dropped; round++) {
				reader.send(frames.syncStep1());
				requested++;
				if (round % 5 === 0) setTaskField(writer.doc, 'big-0', 'title', `慢读者 ${round}`);
				await quietly(30);
				if (round % 5 === 4) dropped = (await health(h.server.url)).connections < 2;
			}
			expect(dropped).toBe(true);
			reader.ws.resume();
			await waitFor(() => reader.closed !== null, 20_000, 'close frame after the buffered data');
			expect(reader.closed).toEqual({ code: 1013, reason: 'too slow' });
			const step2s = reader.received.filter((m) => m.kind === 'sync' && m.step === 1).length - step2Before;
			console.info(`[limits] slow reader: ${requested} full-state requests, ${step2s} answered before the close`);
			expect(step2s).toBeLessThan(requested);

			await waitFor(() => writer.confirmed, 10_000, 'writer stored');
			expect(writer.closed).toBeNull();
			expect(h.statuses.get(writer)).not.toContain('disconnected');
			expect(taskOf(writer.doc, 'big-0')?.get('title')).toMatch(/^慢读者/);
		});

		it('a document bigger than SYNC_MAX_BUFFERED_BYTES still reaches a new client that reads', async () => {
			await growDocument(maxBuffered + 40_000);
			const late = h.connect('secretary');
			const codes = h.closeCodes.get(late)!;
			await waitFor(() => late.provider.synced || codes.length > 0, 20_000, 'sync or a close');
			expect(codes).toEqual([]);
			expect(late.provider.synced).toBe(true);
		});
	});
});

describe('sync server heartbeat', () => {
	const h = new Harness();
	let restoreEnv: () => void = () => {};

	beforeAll(async () => {
		restoreEnv = useEnv({ SYNC_KEEPALIVE_MS: '300', SYNC_PING_MS: '300' });
		await h.start(['liaison01']);
	});
	afterEach(() => h.release());
	afterAll(async () => {
		await h.stop();
		restoreEnv();
	});

	it('an idle client keeps receiving something about every SYNC_KEEPALIVE_MS', async () => {
		const raw = await h.raw('liaison01');
		await raw.initialSync();
		await waitFor(() => raw.received.some((m) => m.kind === 'stored'), 5000, 'stored after initial sync');
		const before = raw.received.length;
		await waitFor(() => raw.received.length >= before + 3, 10_000, 'keepalives while idle');
		expect(raw.received.slice(before).filter((m) => m.kind === 'awareness' && m.entries.length === 0).length).toBeGreaterThanOrEqual(2);
		expect(raw.isOpen).toBe(true);
	});

	it('a client that does not answer pings is terminated; one that answers stays', async () => {
		const silent = await h.raw('liaison01', { autoPong: false });
		const answering = await h.raw('liaison01');
		await Promise.all([silent.initialSync(), answering.initialSync()]);
		let pings = 0;
		silent.ws.on('ping', () => pings++);
		expect((await health(h.server.url)).connections).toBe(2);
		await waitFor(() => silent.closed !== null, 10_000, 'termination');
		expect(pings).toBeGreaterThanOrEqual(1);
		expect(silent.closed?.code).toBe(1006);
		expect(answering.isOpen).toBe(true);
		await eventually(async () => (await health(h.server.url)).connections === 1, 5000, 'one connection left');
	});
});
