import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createTask, taskOf } from '../../../src/lib/domain/task-doc';
import { closeDatabase, db, openDatabase } from '../../../src/lib/server/db';
import { progressEvents, yjsSnapshots, yjsUpdates } from '../../../src/lib/server/db/schema';
import { communityBuildings, signInParticipant, type Participant } from '../../fixtures/remote-participant';
import { childDatabase, databaseEnv, freePort, ServerProcess } from '../../fixtures/server-process';
import { codesOf, keepWriting, type Writer } from '../../fixtures/marking-writers';
import { SyncClient, waitFor } from '../../fixtures/sync-client';
import { createTestDatabase, type TestDatabase } from '../../fixtures/test-database';
import { decodeSnapshot } from '../../../server/sync/snapshot-codec';

let database: TestDatabase | null = null;
let server: ServerProcess | null = null;
const clients: SyncClient[] = [];

afterAll(async () => {
	for (const client of clients) client.destroy();
	await server?.stop();
	await closeDatabase();
	await database?.drop();
});

function connect(url: string, who: Participant): SyncClient {
	const client = SyncClient.forCommunity(url, who.communityId, who.cookie);
	clients.push(client);
	return client;
}

function marksOf(doc: Y.Doc, taskId: string, buildingId: string): Record<string, { by: string }> {
	const progress = taskOf(doc, taskId)?.get('progress') as Y.Map<Y.Map<unknown>> | undefined;
	return (progress?.get(buildingId)?.toJSON() ?? {}) as Record<string, { by: string }>;
}

describe('a server killed while clients write', () => {
	it('comes back with every confirmed write, gets the rest from the clients, and compacts to the same state', async () => {
		database = await createTestDatabase();
		const port = await freePort();
		const env = { ...databaseEnv(database.config), DEMO: '1', SYNC_COMPACT_AFTER_ROWS: '25', SYNC_IDLE_UNLOAD_MS: '300' };
		server = new ServerProcess(port, env);
		await server.start();

		const [chief, liaison] = await Promise.all([signInParticipant(server.url, 'chief1'), signInParticipant(server.url, 'liaison01')]);
		const buildings = await communityBuildings(server.url, chief);
		const inGrid = buildings.filter((b) => chief.gridIds.includes(b.gridId));
		const liaisonBuilding = inGrid.find((b) => liaison.microGridIds.includes(b.microGridId))!;
		const chiefBuilding = inGrid.find((b) => b.id !== liaisonBuilding.id)!;
		const taskId = 'task-crash';

		const writers: Writer[] = [
			{ who: chief, client: connect(server.url, chief), buildingId: chiefBuilding.id, marks: [] },
			{ who: liaison, client: connect(server.url, liaison), buildingId: liaisonBuilding.id, marks: [] }
		];
		await Promise.all(writers.map((w) => w.client.synced()));
		const scope = inGrid.map((b) => b.id);
		createTask(writers[0].client.doc, { id: taskId, title: '夜间排查', kind: 'check', instructions: '', createdBy: chief.userId, createdAt: Date.now(), dueAt: null, scope });
		await waitFor(() => !!taskOf(writers[1].client.doc, taskId), 10_000, 'task reaches the liaison');

		const stop = keepWriting(writers, taskId);
		await waitFor(() => writers.every((w) => w.marks.length >= 120), 20_000, 'writes before the crash');
		await server.kill();
		// Writes go on while the server is down; they wait in the clients.
		await waitFor(() => writers.every((w) => w.marks.length >= 200), 20_000, 'writes while down');
		await server.start();
		await waitFor(() => writers.every((w) => w.marks.length >= 260), 20_000, 'writes after restart');
		stop();

		await waitFor(() => writers.every((w) => w.client.provider.synced && w.client.confirmed), 30_000, 'every write confirmed').catch((error) => {
			const states = writers.map((w) => ({
				who: w.who.username,
				synced: w.client.provider.synced,
				connected: w.client.provider.wsconnected,
				local: Y.getState(w.client.doc.store, w.client.clientId),
				stored: w.client.stored.get(w.client.clientId),
				refusals: w.client.refusals.slice(0, 3),
				closed: w.client.closed
			}));
			throw new Error(`${(error as Error).message}\n${JSON.stringify(states)}\n${server?.output}`);
		});
		const fresh = connect(server.url, chief);
		await fresh.synced();
		for (const writer of writers) {
			const marks = marksOf(fresh.doc, taskId, writer.buildingId);
			expect(Object.keys(marks).sort()).toEqual(codesOf(writer).sort());
			expect(new Set(Object.values(marks).map((m) => m.by))).toEqual(new Set([writer.who.userId]));
		}
		const before = fresh.doc.getMap('tasks').toJSON();

		for (const client of clients.splice(0)) client.destroy();
		await pollHealth(server.url, (body) => body.docsLoaded === 0 && body.connections === 0);
		const reloaded = connect(server.url, chief);
		await reloaded.synced();
		expect(reloaded.doc.getMap('tasks').toJSON()).toEqual(before);
		reloaded.destroy();
		clients.splice(0);
		await pollHealth(server.url, (body) => body.docsLoaded === 0);
		await server.stop();

		openDatabase(childDatabase(database.config));
		const doc = `community:${chief.communityId}`;
		expect(await db().select().from(yjsUpdates).where(eq(yjsUpdates.doc, doc))).toEqual([]);
		const [snapshot] = await db().select().from(yjsSnapshots).where(eq(yjsSnapshots.doc, doc));
		const fromSnapshot = new Y.Doc();
		Y.applyUpdate(fromSnapshot, await decodeSnapshot(snapshot));
		expect(fromSnapshot.getMap('tasks').toJSON()).toEqual(before);
		const events = await db().select({ code: progressEvents.householdCode }).from(progressEvents).where(eq(progressEvents.taskId, taskId));
		// Each mark stored once: nothing lost, nothing recorded twice.
		expect(events.map((e) => e.code).sort()).toEqual(writers.flatMap(codesOf).sort());
	}, 120_000);
});

type Health = { docsLoaded: number; connections: number };

async function pollHealth(url: string, test: (body: Health) => boolean): Promise<void> {
	const deadline = Date.now() + 20_000;
	let body: Health | null = null;
	while (Date.now() < deadline) {
		body = (await (await fetch(`${url}/healthz`)).json()) as Health;
		if (test(body)) return;
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
	throw new Error(`health never reached the expected state: ${JSON.stringify(body)}`);
}
