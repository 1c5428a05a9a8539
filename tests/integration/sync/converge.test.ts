import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { acknowledge, createTask, markHousehold, taskOf } from '../../../src/lib/domain/task-doc';
import { db } from '../../../src/lib/server/db';
import { progressEvents, tasks, yjsUpdates } from '../../../src/lib/server/db/schema';
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
	server = await startTestServer();
	places = await demoPlaces();
	for (const username of ['chief1', 'liaison01']) cookies.set(username, await sessionCookie(server.url, username));
});
afterAll(async () => {
	for (const client of clients) client.destroy();
	await server?.stop();
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
