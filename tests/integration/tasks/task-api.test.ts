import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTask, markHousehold, setTaskField } from '../../../src/lib/domain/task-doc';
import { db } from '../../../src/lib/server/db';
import { households, tasks } from '../../../src/lib/server/db/schema';
import { HttpClient } from '../../fixtures/http-client';
import { demoPlaces, type DemoPlaces } from '../../fixtures/demo-places';
import { createOtherCommunity, signInAll } from '../../fixtures/structure-places';
import { SyncClient, waitFor } from '../../fixtures/sync-client';
import { newTask } from '../../fixtures/task-factory';
import { startTestServer, type TestServer } from '../../fixtures/test-server';

/** Times in the document must lie between 2020 and a day ahead of the server's clock; the test's own clock starts an hour ago. */
const T = Date.now() - 3_600_000;

let server: TestServer;
let places: DemoPlaces;
let clients: Map<string, HttpClient>;
let chief: SyncClient;
let liaison: SyncClient;
const sockets: SyncClient[] = [];

const viewers = ['secretary', 'chief1', 'chief2', 'liaison01', 'liaison02', 'street1'];
const as = (username: string) => clients.get(username)!;
const taskPath = (id: string) => `/api/tasks/${id}`;
const listPath = (query = '', communityId = places.communityId) => `/api/communities/${communityId}/tasks${query}`;

function connect(username: string): SyncClient {
	const client = SyncClient.forCommunity(server.url, places.communityId, as(username).cookieHeader());
	sockets.push(client);
	return client;
}

async function codesOf(buildingId: string): Promise<string[]> {
	const rows = await db().select({ code: households.code }).from(households).where(eq(households.buildingId, buildingId)).orderBy(asc(households.code));
	return rows.map((row) => row.code);
}

/** chief1 dispatches a task over liaison01's buildings through the live document; resolves once it is projected. */
async function dispatch(overrides: Parameters<typeof newTask>[2] = {}, scope = places.liaison01Buildings) {
	const task = newTask(places.userIds.get('chief1')!, scope, overrides);
	createTask(chief.doc, task);
	await expect.poll(async () => (await as('chief1').getJson(taskPath(task.id))).status, { timeout: 5000 }).toBe(200);
	return task;
}

beforeAll(async () => {
	server = await startTestServer();
	places = await demoPlaces();
	clients = await signInAll(server.url, [...viewers, 'property1']);
	chief = connect('chief1');
	liaison = connect('liaison01');
	await Promise.all([chief.synced(), liaison.synced()]);
});
afterAll(async () => {
	for (const socket of sockets) socket.destroy();
	await server?.stop();
});

describe('GET /api/tasks/:id', () => {
	it('shows every member of the community and the street office the task with a total per building of its scope', async () => {
		const task = await dispatch({ title: '读取测试', kind: 'safety', dueAt: Date.UTC(2026, 11, 1, 12) });
		const totals = await Promise.all(places.liaison01Buildings.map(async (id) => (await codesOf(id)).length));
		expect(totals.every((n) => n > 0)).toBe(true);
		for (const username of viewers) {
			const { status, body } = await as(username).getJson(taskPath(task.id));
			expect(status, username).toBe(200);
			expect(body).toEqual({
				id: task.id,
				title: '读取测试',
				kind: 'safety',
				status: 'open',
				dueAt: Date.UTC(2026, 11, 1, 12),
				round: 1,
				scope: places.liaison01Buildings,
				acks: [],
				instructions: '请各微网格联络员今晚进行相关排查',
				roundOf: null,
				createdBy: places.userIds.get('chief1'),
				createdAt: task.createdAt,
				closedAt: null,
				reminders: 0,
				buildings: places.liaison01Buildings.map((buildingId, i) => ({
					buildingId,
					total: totals[i],
					visited: 0,
					absent: 0,
					refused: 0,
					issue: 0,
					done: 0,
					lastAt: null
				}))
			});
		}
	});

	it('refuses a property company and another community (403), a signed-out visitor (401), and answers 404 for an unknown id, all as JSON', async () => {
		const task = await dispatch();
		const property = await as('property1').getJson(taskPath(task.id));
		expect(property.status).toBe(403);
		expect(property.body).toEqual({ code: 'error_community_forbidden', error: '没有权限访问此社区。' });
		const signedOut = await new HttpClient(server.url).getJson(taskPath(task.id));
		expect(signedOut.status).toBe(401);
		expect(signedOut.body).toEqual({ code: 'error_not_signed_in', error: '未登录或登录已过期，请重新登录。' });
		const unknown = await as('secretary').getJson(taskPath('task-that-never-was'));
		expect(unknown.status).toBe(404);
		expect(unknown.body).toEqual({ code: 'error_task_not_found', error: '找不到该任务。' });

		// A task of another community, as its projection row (that community has no one who could dispatch).
		const other = await createOtherCommunity();
		await db().insert(tasks).values({ id: `task-other-${other.communityId}`, communityId: other.communityId, title: '外社区任务' });
		for (const username of ['secretary', 'chief1', 'street1']) {
			const foreign = await as(username).getJson(taskPath(`task-other-${other.communityId}`));
			expect(foreign.status, username).toBe(403);
			expect(foreign.body.error).toMatch(/没有权限/);
		}
	});

	it('follows a household from visited to absent to cleared, counting only its latest mark', async () => {
		// A building of another liaison of the grid too, which stays untouched.
		const second = places.chief1OtherBuildings[0];
		const task = await dispatch({}, [...places.liaison01Buildings, second]);
		const [building] = places.liaison01Buildings;
		const [code, otherCode] = await codesOf(building);
		const liaisonId = places.userIds.get('liaison01')!;
		const figuresOf = async (buildingId: string) =>
			(await as('chief1').getJson(taskPath(task.id))).body.buildings.find((b: { buildingId: string }) => b.buildingId === buildingId);
		const untouched = { visited: 0, absent: 0, refused: 0, issue: 0, lastAt: null };

		markHousehold(liaison.doc, task.id, building, code, { s: 'visited', by: liaisonId, at: T + 1_000_000 });
		markHousehold(liaison.doc, task.id, building, otherCode, { s: 'issue', by: liaisonId, at: T + 2_000_000 });
		await expect.poll(() => figuresOf(building), { timeout: 5000 }).toMatchObject({ visited: 1, issue: 1, absent: 0, lastAt: T + 2_000_000 });

		markHousehold(liaison.doc, task.id, building, code, { s: 'absent', by: liaisonId, at: T + 3_000_000 });
		await expect.poll(() => figuresOf(building), { timeout: 5000 }).toMatchObject({ visited: 0, absent: 1, issue: 1, lastAt: T + 3_000_000 });

		markHousehold(liaison.doc, task.id, building, code, null);
		markHousehold(liaison.doc, task.id, building, otherCode, null);
		await expect.poll(() => figuresOf(building), { timeout: 5000 }).toMatchObject(untouched);
		expect(await figuresOf(second)).toMatchObject(untouched);
		await waitFor(() => liaison.confirmed, 5000, 'marks stored');
		expect(liaison.refusals).toEqual([]);
	});
});

describe('GET /api/communities/:id/tasks', () => {
	it('lists open tasks first with households done of total, filters by status, and rejects a bad status with 400', async () => {
		const older = await dispatch({ title: '较早的任务', createdAt: Date.now() - 60_000 });
		const newer = await dispatch({ title: '较新的任务' });
		const closed = await dispatch({ title: '已结束的任务' });
		const building = places.liaison01Buildings[0];
		const [code] = await codesOf(building);
		const liaisonId = places.userIds.get('liaison01')!;
		markHousehold(liaison.doc, older.id, building, code, { s: 'refused', by: liaisonId });
		// A mark for a code that is not a household of the building does not count.
		markHousehold(liaison.doc, older.id, building, '99-9999', { s: 'visited', by: liaisonId });
		setTaskField(chief.doc, closed.id, 'status', 'closed');
		const total = (await Promise.all(places.liaison01Buildings.map(codesOf))).reduce((sum, codes) => sum + codes.length, 0);

		const listed = async (query = '') => (await as('liaison01').getJson(listPath(query))).body.tasks as { id: string; status: string; done: number }[];
		await expect.poll(async () => (await listed('?status=closed')).map((t) => t.id), { timeout: 5000 }).toContain(closed.id);
		await expect.poll(async () => (await listed()).find((t) => t.id === older.id)?.done, { timeout: 5000 }).toBe(1);

		const all = await listed();
		const statuses = all.map((t) => t.status);
		expect(statuses).toEqual([...statuses].sort((a, b) => (a === b ? 0 : a === 'open' ? -1 : 1)));
		expect(all.find((t) => t.id === older.id)).toEqual({
			id: older.id,
			title: '较早的任务',
			kind: 'check',
			status: 'open',
			dueAt: older.dueAt,
			round: 1,
			roundOf: null,
			createdAt: older.createdAt,
			closedAt: null,
			buildings: places.liaison01Buildings.length,
			total,
			done: 1,
			acks: 0
		});
		const open = await listed('?status=open');
		expect(open.every((t) => t.status === 'open')).toBe(true);
		expect(open.map((t) => t.id)).toContain(older.id);
		expect(open.map((t) => t.id)).not.toContain(closed.id);
		const closedOnly = await listed('?status=closed');
		expect(closedOnly.map((t) => t.id)).toEqual([closed.id]);
		// Among open tasks the newest comes first.
		expect(open.findIndex((t) => t.id === newer.id)).toBeLessThan(open.findIndex((t) => t.id === older.id));

		for (const username of viewers) expect((await as(username).getJson(listPath('?status=open'))).status, username).toBe(200);
		const bad = await as('chief1').getJson(listPath('?status=done'));
		expect(bad.status).toBe(400);
		expect(bad.body).toMatchObject({ code: 'error_task_status_filter', error: expect.stringMatching(/open.*closed/) });
	});

	it('refuses a property company and another community (403) and a signed-out visitor (401)', async () => {
		expect((await as('property1').getJson(listPath())).status).toBe(403);
		const other = await createOtherCommunity();
		const foreign = await as('chief1').getJson(listPath('', other.communityId));
		expect(foreign.status).toBe(403);
		expect(foreign.body.error).toMatch(/没有权限/);
		const signedOut = await new HttpClient(server.url).getJson(listPath());
		expect(signedOut.status).toBe(401);
		expect(signedOut.body.error).toMatch(/未登录/);
	});
});
