import { and, asc, count, eq, like } from 'drizzle-orm';
import * as encoding from 'lib0/encoding';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { acknowledge, addNote, createTask, markHousehold, setTaskField, taskOf } from '../../../src/lib/domain/task-doc';
import { db } from '../../../src/lib/server/db';
import { progressEvents, yjsSnapshots, yjsUpdates } from '../../../src/lib/server/db/schema';
import { communityDocName } from '../../../src/lib/domain/sync-protocol';
import { demoPlaces, sessionCookie, type DemoPlaces } from '../../fixtures/demo-places';
import { eventually, frames, health, metric, RawSyncSocket } from '../../fixtures/raw-sync-socket';
import { SyncClient, waitFor } from '../../fixtures/sync-client';
import { startTestServer, type TestServer } from '../../fixtures/test-server';
import { newTask } from '../../fixtures/task-factory';
import { decodeSnapshot } from '../../../server/sync/snapshot-codec';

/**
 * Hostile bytes against a live sync server. Every run prints its seed; `FUZZ_SEED=<n>` replays
 * the same messages per connection (the captured real messages they mutate differ per run:
 * client ids and times are random).
 */
const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) >>> 0 : (Math.random() * 2 ** 32) >>> 0;
const hostileConnections = Number(process.env.FUZZ_CONNECTIONS ?? 400);
const concurrency = 12;
const maxMessageBytes = 64 * 1024;

/** mulberry32: small, fast, good enough to pick inputs. */
function prng(state: number) {
	const next = () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
	return {
		next,
		int,
		chance: (p: number) => next() < p,
		pick: <T>(items: readonly T[]): T => items[int(0, items.length - 1)],
		bytes: (length: number) => Uint8Array.from({ length }, () => int(0, 255))
	};
}
type Rng = ReturnType<typeof prng>;

const varUint = (value: number) => {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, value);
	return encoding.toUint8Array(encoder);
};
const concat = (...parts: (Uint8Array | number[])[]) => {
	const arrays = parts.map((part) => (part instanceof Uint8Array ? part : Uint8Array.from(part)));
	const out = new Uint8Array(arrays.reduce((sum, a) => sum + a.byteLength, 0));
	let offset = 0;
	for (const a of arrays) {
		out.set(a, offset);
		offset += a.byteLength;
	}
	return out;
};

const hugeLengths = [2 ** 31, 2 ** 32 - 1, 2 ** 32, 2 ** 40, Number.MAX_SAFE_INTEGER, 1_000_000, 65_536];

/** Real messages a stock client sent (and a few the server sent it), to mutate. */
const captured: { label: string; bytes: Uint8Array }[] = [];

function mutate(r: Rng, bytes: Uint8Array): Uint8Array {
	const out = Uint8Array.from(bytes);
	switch (r.int(0, 6)) {
		case 0: {
			// flip bits
			for (let i = r.int(1, 8); i > 0 && out.byteLength > 0; i--) out[r.int(0, out.byteLength - 1)] ^= 1 << r.int(0, 7);
			return out;
		}
		case 1:
			return out.slice(0, r.int(0, Math.max(0, out.byteLength - 1)));
		case 2:
			return concat(out, out);
		case 3: {
			const other = r.pick(captured).bytes;
			return concat(out.slice(0, r.int(0, out.byteLength)), other.slice(r.int(0, other.byteLength)));
		}
		case 4: {
			const at = r.int(0, out.byteLength);
			return concat(out.slice(0, at), r.bytes(r.int(1, 16)), out.slice(at));
		}
		case 5: {
			// overwrite a length-ish byte near the start
			if (out.byteLength > 2) out[r.int(1, Math.min(4, out.byteLength - 1))] = r.pick([0x00, 0x7f, 0xff, 0x80]);
			return out;
		}
		default: {
			const from = r.int(0, out.byteLength);
			return concat(out.slice(0, from), out.slice(Math.min(out.byteLength, from + r.int(1, 32))));
		}
	}
}

/** `survivable`: well-framed but hostile (the server answers or refuses, the socket stays); else most likely fatal. */
type Generator = { name: string; weight: number; survivable?: boolean; make(r: Rng, forge: Forge | null): Uint8Array | string };
type Forge = (r: Rng) => Uint8Array;

const garbageJson = ['{', '}', '[1,2,3]', 'null', '"text"', '{"a":', '\u0000\uffff', '{"userId":"someone-else","x":1}', 'NaN', ''];

const generators: Generator[] = [
	{ name: 'random-bytes', weight: 10, make: (r) => r.bytes(r.int(0, 200)) },
	{
		name: 'truncated-varint',
		weight: 8,
		make: (r) => concat(r.pick([[], [0], [0, 0], [0, 1], [0, 2], [1]]), Uint8Array.from({ length: r.int(1, 12) }, () => 0x80 | r.int(0, 127)))
	},
	{
		name: 'huge-length',
		weight: 8,
		make: (r) => concat(r.pick([[0, 0], [0, 1], [0, 2], [1]]), varUint(r.pick(hugeLengths)), r.bytes(r.int(0, 32)))
	},
	{ name: 'garbage-update', weight: 10, make: (r) => (r.chance(0.5) ? frames.update : frames.syncStep2)(r.bytes(r.int(0, 300))) },
	{ name: 'garbage-state-vector', weight: 4, make: (r) => frames.syncStep1(r.bytes(r.int(0, 64))) },
	{ name: 'bad-sync-step', weight: 2, make: (r) => concat([0], varUint(r.int(3, 1000)), r.bytes(r.int(0, 16))) },
	{ name: 'mutated-real', weight: 24, make: (r) => mutate(r, r.pick(captured).bytes) },
	{ name: 'mutated-forged', weight: 12, make: (r, forge) => mutate(r, forge ? forge(r) : r.pick(captured).bytes) },
	{ name: 'replayed-real', weight: 4, survivable: true, make: (r) => r.pick(captured.filter((c) => c.label.endsWith('sent'))).bytes },
	{ name: 'replayed-server-message', weight: 3, make: (r) => r.pick(captured).bytes },
	{ name: 'forged-update', weight: 10, survivable: true, make: (r, forge) => (forge ? forge(r) : frames.queryAwareness()) },
	{
		name: 'awareness-garbage-json',
		weight: 6,
		survivable: true,
		make: (r) => frames.awareness([{ clientId: r.int(0, 2 ** 31), clock: r.int(0, 100), state: r.pick(garbageJson) }])
	},
	{
		name: 'awareness-huge-clock',
		weight: 3,
		survivable: true,
		make: (r) =>
			frames.awareness([{ clientId: r.int(0, 2 ** 31), clock: r.pick([2 ** 32, 2 ** 53 - 1, 2 ** 31]), state: '{"looking":"clock"}' }])
	},
	{
		name: 'awareness-many-entries',
		weight: 3,
		survivable: true,
		make: (r) =>
			frames.awareness(
				Array.from({ length: r.int(5, 400) }, (_, i) => ({ clientId: r.int(0, 2 ** 31) + i, clock: r.int(0, 5), state: '{"n":1}' }))
			)
	},
	{ name: 'awareness-garbage-bytes', weight: 4, make: (r) => concat([1], varUint(r.int(0, 80)), r.bytes(r.int(0, 80))) },
	{ name: 'unknown-type', weight: 4, make: (r) => concat(varUint(r.pick([4, 5, 6, 7, 8, 100, 127, 128, 1000, 2 ** 20])), r.bytes(r.int(0, 20))) },
	{ name: 'text-frame', weight: 3, make: (r) => r.pick(['hello', '{"type":"sync"}', '', '\u0000'.repeat(r.int(1, 10))]) },
	{ name: 'harmless', weight: 6, survivable: true, make: (r) => r.pick([frames.queryAwareness(), Uint8Array.of(2, 0, 0), frames.syncStep1()]) },
	{ name: 'oversize-frame', weight: 2, make: (r) => concat([0, 2], varUint(70_000), r.bytes(70_000)) }
];
const survivable = generators.filter((g) => g.survivable);

function pickFrom(r: Rng, pool: readonly Generator[]): Generator {
	let roll = r.next() * pool.reduce((sum, g) => sum + g.weight, 0);
	for (const generator of pool) {
		roll -= generator.weight;
		if (roll < 0) return generator;
	}
	return pool[pool.length - 1];
}

/**
 * Well-formed updates a liaison or the street office may not make, built on a real copy of the
 * document (so they reference real items): each one is refused, and the next builds on the refused
 * one (a clock gap, refused too).
 */
function forger(doc: Y.Doc, ids: { chief: string; liaison: string; chiefBuilding: string; ownBuilding: string }): Forge {
	let last: Uint8Array | null = null;
	doc.on('update', (update: Uint8Array) => (last = update));
	const changes: ((r: Rng) => void)[] = [
		() => setTaskField(doc, 'fuzz-task', 'title', '被篡改'),
		() => doc.getMap('tasks').delete('fuzz-task'),
		(r) => markHousehold(doc, 'fuzz-task', ids.chiefBuilding, `X-${r.int(0, 999)}`, { s: 'visited', by: ids.liaison }),
		(r) => markHousehold(doc, 'fuzz-task', ids.ownBuilding, `X-${r.int(0, 999)}`, { s: 'visited', by: ids.chief }),
		(r) => doc.getMap('signals').set('structureVersion', r.int(0, 1e9)),
		(r) => doc.getText('evil').insert(0, 'x'.repeat(r.int(1, 100))),
		(r) => doc.getArray('evil-list').push([r.bytes(8)]),
		(r) =>
			(taskOf(doc, 'fuzz-task')?.get('notes') as Y.Array<unknown> | undefined)?.push([
				{ by: ids.liaison, at: Date.now(), text: '', extra: r.int(0, 9) }
			]),
		(r) => (taskOf(doc, 'fuzz-task')?.get('acks') as Y.Map<unknown> | undefined)?.set(ids.chief, r.int(0, 1e12))
	];
	return (r) => {
		last = null;
		try {
			r.pick(changes)(r);
		} catch {
			// the copy may lack what a change needs; fall back below
		}
		return last ? (r.chance(0.5) ? frames.update(last) : frames.syncStep2(last)) : frames.queryAwareness();
	};
}

/** An update this user may not write, with a marker the refusal names back: proof that everything before it was read. */
/** A task creation nobody of the fuzz users may make: its refusal tells the probe was read. */
function probe(marker: string): { frame: Uint8Array; refusals: string[] } {
	const doc = new Y.Doc();
	let update: Uint8Array | null = null;
	doc.on('update', (u: Uint8Array) => (update = u));
	doc.getMap('tasks').set(marker, new Y.Map());
	return { frame: frames.update(update!), refusals: [`forbidden tasks/${marker}`, `read-only ${doc.clientID}:0`] };
}

type Outcome = { index: number; user: string; code: number | null; probeAnswered: boolean; sent: string[] };

let server: TestServer;
let places: DemoPlaces;
const cookies = new Map<string, string>();
const clients: SyncClient[] = [];

const forceGc: () => void = (() => {
	try {
		setFlagsFromString('--expose-gc');
		const gc = runInNewContext('gc') as (() => void) | undefined;
		if (typeof gc === 'function') return () => gc();
	} catch {
		// fall through
	}
	return () => {};
})();

function connect(username: string): SyncClient {
	const client = SyncClient.forCommunity(server.url, places.communityId, cookies.get(username)!);
	clients.push(client);
	return client;
}

/** A stock client whose outgoing and incoming messages are recorded. */
function capturingClient(username: string): SyncClient {
	const client = connect(username);
	client.provider.on('status', ({ status }) => {
		const ws = client.provider.ws as unknown as { send(data: Uint8Array): void; addEventListener(type: string, f: (e: { data: ArrayBuffer }) => void): void } | null;
		if (status !== 'connected' || !ws) return;
		const send = ws.send.bind(ws);
		ws.send = (data: Uint8Array) => {
			captured.push({ label: `${username} sent`, bytes: Uint8Array.from(data) });
			send(data);
		};
		ws.addEventListener('message', (event) => {
			if (event.data.byteLength < 16_000) captured.push({ label: `${username} received`, bytes: new Uint8Array(event.data.slice(0)) });
		});
	});
	return client;
}

let restoreEnv = () => {};

beforeAll(async () => {
	const before = process.env.SYNC_MAX_MESSAGE_BYTES;
	process.env.SYNC_MAX_MESSAGE_BYTES = String(maxMessageBytes);
	restoreEnv = () => {
		if (before === undefined) delete process.env.SYNC_MAX_MESSAGE_BYTES;
		else process.env.SYNC_MAX_MESSAGE_BYTES = before;
	};
	server = await startTestServer();
	places = await demoPlaces();
	for (const username of ['chief1', 'secretary', 'liaison01', 'street1']) cookies.set(username, await sessionCookie(server.url, username));
});
afterAll(async () => {
	for (const client of clients) client.destroy();
	await server?.stop();
	restoreEnv();
});

describe('fuzzing the sync server', () => {
	it('survives thousands of hostile messages while two honest clients keep converging', { timeout: 180_000 }, async () => {
		console.info(`[fuzz] seed ${seed} (replay with FUZZ_SEED=${seed})`);
		const chiefId = places.userIds.get('chief1')!;
		const secretaryId = places.userIds.get('secretary')!;
		const liaisonId = places.userIds.get('liaison01')!;
		const chiefBuilding = places.chief1OtherBuildings[0];

		// Two honest writers.
		const chief = connect('chief1');
		const secretary = connect('secretary');
		await Promise.all([chief.synced(), secretary.synced()]);
		const honestStatuses: string[] = [];
		for (const client of [chief, secretary]) client.provider.on('status', ({ status }) => honestStatuses.push(status));
		createTask(chief.doc, newTask(chiefId, [...places.liaison01Buildings, chiefBuilding], { id: 'fuzz-task', title: '模糊测试', instructions: '', dueAt: null }));
		chief.provider.awareness.setLocalState({ looking: 'board' });
		secretary.provider.awareness.setLocalState({ looking: 'list' });

		// Real messages of a real liaison, to mutate.
		const liaison = capturingClient('liaison01');
		await liaison.synced();
		await waitFor(() => !!taskOf(liaison.doc, 'fuzz-task'), 5000, 'task reaches the liaison');
		acknowledge(liaison.doc, 'fuzz-task', liaisonId);
		for (const [i, building] of places.liaison01Buildings.slice(0, 3).entries()) {
			markHousehold(liaison.doc, 'fuzz-task', building, `1-10${i}`, { s: 'visited', by: liaisonId, note: '已入户' });
		}
		addNote(liaison.doc, 'fuzz-task', { by: liaisonId, at: Date.now(), text: '楼道灯坏了' });
		liaison.provider.awareness.setLocalState({ looking: 'map', building: places.liaison01Buildings[0] });
		await waitFor(() => liaison.confirmed, 5000, 'liaison writes stored');
		await waitFor(() => captured.filter((c) => c.label.endsWith('sent')).length >= 6, 5000, 'captured messages');
		clients.splice(clients.indexOf(liaison), 1);
		liaison.destroy();
		await eventually(async () => (await health(server.url)).connections === 2, 5000, 'capture client gone');
		expect(captured.length).toBeGreaterThanOrEqual(8);

		const malformedBefore = await metric(server.url, 'sync_malformed_messages_total');
		forceGc();
		const memoryBefore = process.memoryUsage();

		// Honest writes all along.
		let writing = true;
		let honestWrites = 0;
		const honest = (async () => {
			while (writing) {
				const [client, by] = honestWrites % 2 === 0 ? [chief, chiefId] : [secretary, secretaryId];
				markHousehold(client.doc, 'fuzz-task', chiefBuilding, `W-${honestWrites}`, { s: 'visited', by });
				if (honestWrites % 10 === 0) client.provider.awareness.setLocalStateField('tick', honestWrites);
				honestWrites++;
				await new Promise((resolve) => setTimeout(resolve, 25));
			}
		})();

		// Hostile connections, a few at a time.
		const outcomes: Outcome[] = [];
		let messagesSent = 0;
		const hostile = async (index: number): Promise<void> => {
			const r = prng((seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0);
			const user = r.chance(0.85) ? 'liaison01' : 'street1';
			const socket = await RawSyncSocket.open(server.url, places.communityId, cookies.get(user)!);
			const outcome: Outcome = { index, user, code: null, probeAnswered: false, sent: [] };
			let forge: Forge | null = null;
			if (r.chance(0.6)) {
				const copy = await socket.initialSync().catch(() => null);
				if (copy) forge = forger(copy, { chief: chiefId, liaison: liaisonId, chiefBuilding, ownBuilding: places.liaison01Buildings[0] });
			}
			// Hostile but well-framed messages first, then one from any generator (most likely the end of the socket).
			const burst = r.int(0, 12);
			for (let i = 0; i <= burst && socket.isOpen; i++) {
				const generator = i < burst || r.chance(0.1) ? pickFrom(r, survivable) : pickFrom(r, generators);
				outcome.sent.push(generator.name);
				socket.send(generator.make(r, forge));
				messagesSent++;
			}
			const { frame, refusals } = probe(`probe-${index}`);
			socket.send(frame);
			await waitFor(() => socket.closed !== null || socket.denials().some((d) => refusals.includes(d)), 20_000, `outcome of connection ${index}`);
			outcome.probeAnswered = socket.closed === null;
			if (outcome.probeAnswered) socket.close();
			outcome.code = (await socket.whenClosed()).code;
			outcomes.push(outcome);
		};
		let nextIndex = 0;
		await Promise.all(
			Array.from({ length: concurrency }, async () => {
				while (nextIndex < hostileConnections) await hostile(nextIndex++);
			})
		);
		writing = false;
		await honest;

		// The server is up and sane.
		const closedMalformed = outcomes.filter((o) => !o.probeAnswered && o.code === 4400).length;
		const closedTooLarge = outcomes.filter((o) => !o.probeAnswered && o.code === 4413).length;
		const survived = outcomes.filter((o) => o.probeAnswered).length;
		const byGenerator = new Map<string, number>();
		for (const o of outcomes) for (const name of o.sent) byGenerator.set(name, (byGenerator.get(name) ?? 0) + 1);
		console.info(
			`[fuzz] ${outcomes.length} hostile connections, ${messagesSent} messages: ${closedMalformed} closed 4400, ` +
				`${closedTooLarge} closed 4413, ${survived} answered the probe; honest writes ${honestWrites}; ` +
				JSON.stringify(Object.fromEntries(byGenerator))
		);
		const unexpected = outcomes.filter((o) => !o.probeAnswered && o.code !== 4400 && o.code !== 4413);
		expect(unexpected).toEqual([]);
		expect(outcomes).toHaveLength(hostileConnections);
		expect(messagesSent).toBeGreaterThan(2000);
		expect(closedMalformed).toBeGreaterThan(hostileConnections / 3);
		expect((await metric(server.url, 'sync_malformed_messages_total')) - malformedBefore).toBe(closedMalformed);

		// Honest clients converged, stored everything, never lost their socket.
		await waitFor(() => chief.confirmed && secretary.confirmed, 15_000, 'honest writes stored');
		await waitFor(
			() => Y.encodeStateVector(chief.doc).toString() === Y.encodeStateVector(secretary.doc).toString(),
			10_000,
			'honest clients converged'
		);
		expect(chief.doc.getMap('tasks').toJSON()).toEqual(secretary.doc.getMap('tasks').toJSON());
		const marks = (taskOf(chief.doc, 'fuzz-task')?.get('progress') as Y.Map<Y.Map<unknown>>).get(chiefBuilding)!;
		expect([...marks.keys()].filter((code) => code.startsWith('W-'))).toHaveLength(honestWrites);
		const [{ rows }] = await db()
			.select({ rows: count() })
			.from(progressEvents)
			.where(and(eq(progressEvents.taskId, 'fuzz-task'), like(progressEvents.householdCode, 'W-%')));
		expect(rows).toBe(honestWrites);
		expect(chief.closed).toBeNull();
		expect(secretary.closed).toBeNull();
		expect(honestStatuses).not.toContain('disconnected');
		// Stock clients echo every presence update they receive; the server refuses echoes of ids it gave
		// to other users ('awareness <id>'), which clients do not show. Any other refusal would be a lost write.
		expect(chief.refusals.filter((r) => !r.startsWith('awareness '))).toEqual([]);
		expect(secretary.refusals.filter((r) => !r.startsWith('awareness '))).toEqual([]);

		// Nothing of the hostile sockets is left: connections, presence, pending writes.
		await eventually(async () => (await health(server.url)).connections === 2, 10_000, 'hostile sockets gone');
		const stats = await health(server.url);
		expect(stats).toMatchObject({ ok: true, connections: 2, docsLoaded: 1, pendingWrites: 0, persistenceError: null });
		await waitFor(() => chief.provider.awareness.getStates().size === 2, 10_000, 'only honest presence left');

		// What is stored (snapshot plus log) is exactly what the honest clients hold.
		const docName = communityDocName(places.communityId);
		const stored = new Y.Doc();
		const [snapshot] = await db().select().from(yjsSnapshots).where(eq(yjsSnapshots.doc, docName));
		if (snapshot) Y.applyUpdate(stored, await decodeSnapshot(snapshot));
		for (const row of await db().select().from(yjsUpdates).where(eq(yjsUpdates.doc, docName)).orderBy(asc(yjsUpdates.id))) {
			Y.applyUpdate(stored, row.update);
		}
		expect(stored.getMap('tasks').toJSON()).toEqual(chief.doc.getMap('tasks').toJSON());
		expect(Y.encodeStateVector(stored)).toEqual(Y.encodeStateVector(chief.doc));
		expect([...chief.provider.awareness.getStates().keys()].sort()).toEqual([chief.clientId, secretary.clientId].sort());

		forceGc();
		const memoryAfter = process.memoryUsage();
		const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
		console.info(
			`[fuzz] heapUsed ${mb(memoryBefore.heapUsed)} → ${mb(memoryAfter.heapUsed)} MB, rss ${mb(memoryBefore.rss)} → ${mb(memoryAfter.rss)} MB`
		);
		expect(memoryAfter.heapUsed - memoryBefore.heapUsed).toBeLessThan(64 * 1024 * 1024);
		expect(memoryAfter.rss - memoryBefore.rss).toBeLessThan(200 * 1024 * 1024);
	});
});
