import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { acknowledge, createTask, markHousehold, taskOf } from '../../../src/lib/domain/task-doc';
import { db } from '../../../src/lib/server/db';
import { progressEvents, tasks, yjsSnapshots, yjsUpdates } from '../../../src/lib/server/db/schema';
import { bumpSignal } from '../../../src/lib/server/live-hub';
import WebSocket from 'ws';
import { demoPlaces, sessionCookie, type DemoPlaces } from '../../fixtures/demo-places';
import { SyncClient, waitFor } from '../../fixtures/sync-client';
import { startTestServer, type TestServer } from '../../fixtures/test-server';

let server: TestServer;
let places: DemoPlaces;
const cookies = new Map<string, string>();
const clients: SyncClient[] = [];

function connect(username: string): SyncClient {
	const client = SyncClient.forCommunity(server.url, places.communityId, cookies.get(username) ?? null);
	clients.push(client);
	return client;
}

beforeAll(async () => {
	process.env.SYNC_IDLE_UNLOAD_MS = '200';
	server = await startTestServer();
	places = await demoPlaces();
	for (const username of ['chief1', 'liaison01']) cookies.set(username, await sessionCookie(server.url, username));
});
afterAll(async () => {
	for (const client of clients) client.destroy();
	await server?.stop();
	delete process.env.SYNC_IDLE_UNLOAD_MS;
});

describe('two clients on one community document', () => {
	it('converge, see each other, store every change, and a late joiner gets the full state', async () => {
		const chief = connect('chief1');
		const liaison = connect('liaison01');
		await Promise.all([chief.synced(), liaison.synced()]);
		const chiefId = places.userIds.get('chief1')!;
		const liaisonId = places.userIds.get('liaison01')!;
		const building = places.liaison01Buildings[0];

		createTask(chief.doc, {
			id: 'task-converge',
			title: '今晚入户排查',
			kind: 'check',
			instructions: '请各微网格联络员今晚进行相关排查',
			createdBy: chiefId,
			createdAt: Date.now(),
			dueAt: Date.now() + 3_600_000,
			scope: places.liaison01Buildings
		});
		await waitFor(() => !!taskOf(liaison.doc, 'task-converge'), 5000, 'task reaches the liaison');
		acknowledge(liaison.doc, 'task-converge', liaisonId);
		markHousehold(liaison.doc, 'task-converge', building, '1-101', { s: 'visited', by: liaisonId });
		await waitFor(() => (taskOf(chief.doc, 'task-converge')?.get('acks') as Y.Map<number>)?.has(liaisonId), 5000, 'ack reaches the chief');
		await waitFor(() => chief.confirmed && liaison.confirmed, 5000, 'stored confirmations');
		expect(chief.refusals).toEqual([]);
		expect(liaison.refusals).toEqual([]);
		expect(Y.encodeStateAsUpdate(chief.doc)).toEqual(Y.encodeStateAsUpdate(liaison.doc));

		chief.provider.awareness.setLocalStateField('looking', 'board');
		await waitFor(() => [...liaison.provider.awareness.getStates().values()].some((s) => s.looking === 'board'), 5000, 'presence');
		const presence = [...liaison.provider.awareness.getStates().values()].find((s) => s.looking === 'board');
		// The server stamps the real user into presence.
		expect(presence?.userId).toBe(chiefId);

		const late = connect('liaison01');
		await late.synced();
		expect(late.doc.getMap('tasks').toJSON()).toEqual(chief.doc.getMap('tasks').toJSON());

		const logged = await db().select().from(yjsUpdates).where(eq(yjsUpdates.doc, `community:${places.communityId}`));
		expect(logged.map((row) => row.userId).sort()).toEqual([chiefId, liaisonId, liaisonId].sort());
		const events = await db().select().from(progressEvents).where(eq(progressEvents.taskId, 'task-converge'));
		expect(events).toMatchObject([{ buildingId: building, householdCode: '1-101', status: 'visited', userId: liaisonId }]);
		const [task] = await db().select().from(tasks).where(eq(tasks.id, 'task-converge'));
		expect(task).toMatchObject({ communityId: places.communityId, title: '今晚入户排查', status: 'open', scope: places.liaison01Buildings });
	});
});

describe('server writes', () => {
	it('a signal bump reaches every connected client and is stored', async () => {
		const chief = connect('chief1');
		const liaison = connect('liaison01');
		await Promise.all([chief.synced(), liaison.synced()]);
		const value = await bumpSignal(places.communityId, 'structureVersion');
		for (const client of [chief, liaison]) {
			await waitFor(() => client.doc.getMap('signals').get('structureVersion') === value, 5000, 'signal arrives');
		}
		const late = connect('chief1');
		await late.synced();
		expect(late.doc.getMap('signals').get('structureVersion')).toBe(value);
	});
});

async function docsLoaded(): Promise<number> {
	return ((await (await fetch(`${server.url}/healthz`)).json()) as { docsLoaded: number }).docsLoaded;
}

function rawCloseCode(cookie: string): Promise<number> {
	return new Promise((resolve, reject) => {
		const socket = new WebSocket(`${server.url.replace('http', 'ws')}/sync/community:${places.communityId}`, { headers: { cookie, origin: server.url } });
		socket.on('close', (code) => resolve(code));
		socket.on('error', reject);
	});
}

describe('a document that cannot be loaded', () => {
	it('refuses connections with 4503 (the client retries later) and is never saved over', async () => {
		for (const client of clients.splice(0)) client.destroy();
		let loaded = 1;
		for (let tries = 0; tries < 200 && (loaded = await docsLoaded()) > 0; tries++) await new Promise((r) => setTimeout(r, 50));
		expect(loaded).toBe(0);

		const doc = `community:${places.communityId}`;
		const [broken] = await db().insert(yjsUpdates).values({ doc, update: new Uint8Array([1, 255, 255, 255, 255]) }).returning();
		const logBefore = await db().select({ id: yjsUpdates.id }).from(yjsUpdates).where(eq(yjsUpdates.doc, doc));
		const snapshotBefore = await db().select().from(yjsSnapshots).where(eq(yjsSnapshots.doc, doc));

		expect(await rawCloseCode(cookies.get('chief1')!)).toBe(4503);
		expect(await docsLoaded()).toBe(0);
		expect(await db().select({ id: yjsUpdates.id }).from(yjsUpdates).where(eq(yjsUpdates.doc, doc))).toEqual(logBefore);
		expect(await db().select().from(yjsSnapshots).where(eq(yjsSnapshots.doc, doc))).toEqual(snapshotBefore);

		// Repaired, it loads again with everything that was there.
		await db().delete(yjsUpdates).where(eq(yjsUpdates.id, broken.id));
		const chief = connect('chief1');
		await chief.synced();
		expect(taskOf(chief.doc, 'task-converge')?.get('title')).toBe('今晚入户排查');
	});
});
