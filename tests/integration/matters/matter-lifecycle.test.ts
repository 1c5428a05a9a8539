/**
 * The whole life of a matter through the API, each step by the role that takes it: a liaison
 * reports, the secretary routes to the building's property company, its staff accept and
 * resolve, the reporter verifies. Idempotent reports, 403 / 409 / 404 answers, and
 * `signals.mattersVersion` moving for every open client.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../../src/lib/server/db';
import { buildings, compounds, matterEvents, matters, orgs } from '../../../src/lib/server/db/schema';
import { demoPlaces, type DemoPlaces } from '../../fixtures/demo-places';
import type { HttpClient } from '../../fixtures/http-client';
import { signInAll } from '../../fixtures/structure-places';
import { SyncClient, waitFor } from '../../fixtures/sync-client';
import { startTestServer, type TestServer } from '../../fixtures/test-server';

let server: TestServer;
let places: DemoPlaces;
let clients: Map<string, HttpClient>;
let watcher: SyncClient;
let category: string;

beforeAll(async () => {
	server = await startTestServer();
	places = await demoPlaces();
	clients = await signInAll(server.url, ['secretary', 'chief1', 'chief2', 'liaison01', 'liaison02', 'property1', 'property2', 'street1']);
	watcher = SyncClient.forCommunity(server.url, places.communityId, clients.get('chief1')!.cookieHeader());
	await watcher.synced();
	const { body } = await as('liaison01').getJson(api('/matter-categories'));
	category = body.find((c: { name: string }) => c.name === '楼道卫生').id;
});
afterAll(async () => {
	watcher?.destroy();
	await server?.stop();
});

const as = (username: string) => clients.get(username)!;
const api = (rest: string) => `/api/communities/${places.communityId}${rest}`;
const act = (username: string, id: string, body: Record<string, unknown>) => as(username).postJson(`/api/matters/${id}/actions`, body);
const mattersVersion = () => (watcher.doc.getMap('signals').get('mattersVersion') as number | undefined) ?? 0;
let keys = 0;
const report = (username: string, extra: Record<string, unknown> = {}) =>
	as(username).postJson(api('/matters'), {
		clientKey: `test-key-${Date.now()}-${++keys}`,
		category,
		buildingId: places.liaison01Buildings[0],
		description: '3单元楼道堆放杂物，影响通行',
		...extra
	});

async function orgOfLiaison01Building(): Promise<{ id: string; name: string }> {
	const [row] = await db()
		.select({ id: orgs.id, name: orgs.name })
		.from(buildings)
		.innerJoin(compounds, eq(compounds.id, buildings.compoundId))
		.innerJoin(orgs, eq(orgs.id, compounds.propertyOrgId))
		.where(eq(buildings.id, places.liaison01Buildings[0]));
	return row;
}

describe('categories', () => {
	it('a community starts with the common split and the seed examples as sub-categories', async () => {
		const { status, body } = await as('secretary').getJson(api('/matter-categories'));
		expect(status).toBe(200);
		const tops = body.filter((c: { parentId: string | null }) => !c.parentId).map((c: { name: string }) => c.name);
		expect(tops).toEqual(['市容环境', '公用设施', '园林绿化', '房屋及楼道', '安全隐患', '邻里纠纷', '其他']);
		const byName = new Map(body.map((c: { name: string; id: string }) => [c.name, c]));
		for (const [child, parent] of [['楼道卫生', '房屋及楼道'], ['树木补种', '园林绿化'], ['路灯维修', '公用设施'], ['雨水管道', '公用设施'], ['安保布防', '安全隐患']]) {
			expect((byName.get(child) as { parentId: string }).parentId).toBe((byName.get(parent) as { id: string }).id);
		}
	});
});

describe('the lifecycle', () => {
	it('reported → routed to 光明物业 → accepted → resolved → verified closed, with a timeline', async () => {
		const before = mattersVersion();
		const reported = await report('liaison01');
		expect(reported).toMatchObject({ status: 201, body: { status: 'reported' } });
		const id = reported.body.id;
		await waitFor(() => mattersVersion() > before, 5000, 'mattersVersion moves on a report');

		const org = await orgOfLiaison01Building();
		expect(org.name).toBe('光明物业');
		const routed = await act('secretary', id, { action: 'route', destination: { kind: 'property' } });
		expect(routed.status).toBe(200);
		expect(routed.body).toMatchObject({ status: 'routed', destination: { kind: 'property', orgId: org.id }, destinationName: '光明物业' });
		// Not urgent, to a property company: three calendar days on Beijing time.
		expect(routed.body.dueAt - routed.body.routedAt).toBe(3 * 86_400_000);

		expect((await as('property2').getJson(`/api/matters/${id}`)).status).toBe(404);
		expect((await act('property2', id, { action: 'accept' })).status).toBe(404);
		expect((await act('property1', id, { action: 'accept' })).body.status).toBe('accepted');
		const remindedVersion = mattersVersion();
		expect((await act('chief1', id, { action: 'remind', note: '请尽快处理' })).body.reminders).toBe(1);
		await waitFor(() => mattersVersion() > remindedVersion, 5000, 'mattersVersion moves on a reminder');
		const resolved = await act('property1', id, { action: 'resolve', note: '杂物已清理' });
		expect(resolved.body.status).toBe('resolved');
		// 不通过 goes back to the handler; the deadline runs on.
		const failed = await act('liaison01', id, { action: 'verify', pass: false, note: '还有纸箱未清' });
		expect(failed.body).toMatchObject({ status: 'accepted', dueAt: routed.body.dueAt });
		await act('property1', id, { action: 'resolve', note: '纸箱也已清理' });
		const closed = await act('liaison01', id, { action: 'verify', pass: true });
		expect(closed.body.status).toBe('closed');
		expect(closed.body.events.map((e: { action: string; from: string | null; to: string }) => [e.action, e.from, e.to])).toEqual([
			['report', null, 'reported'],
			['route', 'reported', 'routed'],
			['accept', 'routed', 'accepted'],
			['remind', 'accepted', 'accepted'],
			['resolve', 'accepted', 'resolved'],
			['verify', 'resolved', 'accepted'],
			['resolve', 'accepted', 'resolved'],
			['verify', 'resolved', 'closed']
		]);
		// Nothing is ever deleted: the closed matter still answers, and its events stay.
		expect((await as('liaison01').getJson(`/api/matters/${id}`)).body.status).toBe('closed');
		expect(await db().select().from(matterEvents).where(eq(matterEvents.matterId, id))).toHaveLength(8);
	});

	it('a 退单 sends it back to the routing queue, flagged, and the company no longer sees it', async () => {
		const { body } = await report('liaison01');
		await act('secretary', body.id, { action: 'route', destination: { kind: 'property' } });
		const returned = await act('property1', body.id, { action: 'return', reason: '该处属于市政道路', reasonKind: 'wrong-place' });
		expect(returned.body).toMatchObject({ status: 'reported', returned: true, destination: null, dueAt: null });
		expect((await as('property1').getJson(`/api/matters/${body.id}`)).status).toBe(404);
		const queue = await as('secretary').getJson(api('/matters?status=reported'));
		expect(queue.body.matters.find((m: { id: string }) => m.id === body.id)).toMatchObject({ returned: true });
	});

	it('extension: the handler asks, the secretary approves, the due time moves', async () => {
		const { body } = await report('liaison01');
		const routed = await act('secretary', body.id, { action: 'route', destination: { kind: 'street' } });
		expect(routed.body.destinationName).toBeTruthy();
		expect(routed.body.dueAt - routed.body.routedAt).toBe(15 * 86_400_000);
		expect((await act('street1', body.id, { action: 'accept' })).body.status).toBe('accepted');
		const until = routed.body.dueAt + 5 * 86_400_000;
		expect((await act('street1', body.id, { action: 'extend', until: routed.body.dueAt - 1, reason: '需协调' })).status).toBe(400);
		expect((await act('street1', body.id, { action: 'extend', until, reason: '需协调城管部门' })).body).toMatchObject({ extensionPending: true, extensionUntil: until });
		expect((await act('street1', body.id, { action: 'extend', until, reason: '再次申请' })).status).toBe(409);
		expect((await act('chief1', body.id, { action: 'decide-extension', approve: true })).status).toBe(403);
		expect((await act('secretary', body.id, { action: 'decide-extension', approve: true })).body).toMatchObject({ extensionPending: false, dueAt: until });
	});

	it('urgent: a chief may route at once; a normal matter waits for the secretary', async () => {
		const normal = await report('liaison01');
		expect((await act('chief1', normal.body.id, { action: 'route', destination: { kind: 'property' } })).status).toBe(403);
		const urgent = await report('liaison01', { urgent: true });
		const routed = await act('chief1', urgent.body.id, { action: 'route', destination: { kind: 'property' } });
		expect(routed.status).toBe(200);
		expect(routed.body.dueAt - routed.body.routedAt).toBe(24 * 3_600_000);
	});

	it('merge and 不予受理 close the matter with the reason kept', async () => {
		const first = await report('liaison01');
		const second = await report('liaison01');
		const merged = await act('secretary', second.body.id, { action: 'merge', into: first.body.id });
		expect(merged.body).toMatchObject({ status: 'merged', mergedInto: first.body.id });
		expect((await act('secretary', first.body.id, { action: 'merge', into: second.body.id })).status).toBe(400);
		const target = await as('secretary').getJson(`/api/matters/${first.body.id}`);
		expect(target.body.events.at(-1)).toMatchObject({ action: 'merged-in', detail: { from: second.body.id } });
		const third = await report('liaison01');
		expect((await act('secretary', third.body.id, { action: 'reject', reason: '' })).status).toBe(400);
		expect((await act('secretary', third.body.id, { action: 'reject', reason: '属私人财产纠纷' })).body).toMatchObject({ status: 'rejected' });
		expect((await act('secretary', third.body.id, { action: 'route', destination: { kind: 'street' } }))).toMatchObject({ status: 409, body: { status: 'rejected' } });
	});

	it('已当场解决 is recorded closed at once and still listed', async () => {
		const { status, body } = await report('liaison01', { handledOnSpot: true });
		expect(status).toBe(201);
		expect(body.status).toBe('closed');
		const mine = await as('liaison01').getJson(api('/matters?mine=1'));
		expect(mine.body.matters.find((m: { id: string }) => m.id === body.id)).toMatchObject({ handledOnSpot: true, status: 'closed' });
	});
});

describe('reports are idempotent and bounded', () => {
	it('the same clientKey twice is one matter: 201 then 200 with the same id', async () => {
		const payload = { clientKey: 'phone-resend-0001', category, buildingId: places.liaison01Buildings[0], description: '路灯不亮' };
		const first = await as('liaison01').postJson(api('/matters'), payload);
		const again = await as('liaison01').postJson(api('/matters'), payload);
		expect(first.status).toBe(201);
		expect(again).toMatchObject({ status: 200, body: { id: first.body.id } });
		expect(await db().select().from(matters).where(eq(matters.clientKey, 'phone-resend-0001'))).toHaveLength(1);
		const other = await as('liaison01').postJson(api('/matters'), { ...payload, description: '另一件事' });
		expect(other.status).toBe(409);
	});

	it('bad input changes nothing and says what is wrong', async () => {
		const count = async () => (await db().select({ id: matters.id }).from(matters)).length;
		const before = await count();
		const bad = [
			{ clientKey: 'short', category, buildingId: places.liaison01Buildings[0], description: 'x' },
			{ clientKey: 'bad-description-1', category, buildingId: places.liaison01Buildings[0], description: 'x'.repeat(1001) },
			{ clientKey: 'bad-description-2', category, buildingId: places.liaison01Buildings[0], description: '   ' },
			{ clientKey: 'bad-category-0001', category: 'nope', buildingId: places.liaison01Buildings[0], description: 'x' },
			{ clientKey: 'bad-building-0001', category, buildingId: 'nope', description: 'x' },
			{ clientKey: 'bad-place-000001', category, description: 'x' },
			{ clientKey: 'bad-point-000001', category, point: [200, 95], description: 'x' },
			{ clientKey: 'far-point-000001', category, point: [0, 0], description: 'x' },
			{ clientKey: 'bad-photos-00001', category, buildingId: places.liaison01Buildings[0], description: 'x', photoIds: ['a', 'b', 'c', 'd', 'e', 'f', 'g'] },
			{ clientKey: 'bad-photos-00002', category, buildingId: places.liaison01Buildings[0], description: 'x', photoIds: ['someone-elses'] },
			{ clientKey: 'extra-field-0001', category, buildingId: places.liaison01Buildings[0], description: 'x', status: 'closed' }
		];
		for (const payload of bad) {
			const answer = await as('liaison01').postJson(api('/matters'), payload);
			expect(answer.status, JSON.stringify(payload).slice(0, 80)).toBe(400);
			expect(answer.body.error).toBeTruthy();
		}
		expect(await count()).toBe(before);
	});

	it('where a reporter may report: a liaison its micro-grid, a chief its grid; the street office and companies not at all', async () => {
		expect((await report('liaison02')).status).toBe(403);
		expect((await report('liaison01', { buildingId: places.chief1OtherBuildings[0] })).status).toBe(403);
		expect((await report('chief1', { buildingId: places.chief1OtherBuildings[0] })).status).toBe(201);
		expect((await report('chief1', { buildingId: places.outsideChief1[0] })).status).toBe(403);
		expect((await report('street1')).status).toBe(403);
		expect((await report('property1')).status).toBe(403);
		expect((await report('secretary', { buildingId: places.outsideChief1[0] })).status).toBe(201);
	});
});

describe('lists', () => {
	it('each sees its own: a liaison its micro-grid, a company what is routed to it', async () => {
		const { body } = await report('liaison01');
		await act('secretary', body.id, { action: 'route', destination: { kind: 'property' } });
		const ids = async (username: string) => (await as(username).getJson(api('/matters?limit=10000'))).body.matters.map((m: { id: string }) => m.id);
		expect(await ids('liaison01')).toContain(body.id);
		expect(await ids('chief1')).toContain(body.id);
		expect(await ids('secretary')).toContain(body.id);
		expect(await ids('property1')).toContain(body.id);
		expect(await ids('liaison02')).not.toContain(body.id);
		expect(await ids('chief2')).not.toContain(body.id);
		expect(await ids('property2')).not.toContain(body.id);
		expect((await as('secretary').getJson(api('/matters?status=nope'))).status).toBe(400);
		expect((await as('secretary').getJson(api('/matters?limit=100000'))).status).toBe(400);
	});

	it('overdue lists only matters past their due time', async () => {
		const { body } = await report('liaison01');
		await act('secretary', body.id, { action: 'route', destination: { kind: 'property' } });
		await db().update(matters).set({ dueAt: new Date(Date.now() - 60_000) }).where(eq(matters.id, body.id));
		const overdue = (await as('secretary').getJson(api('/matters?overdue=1'))).body.matters.map((m: { id: string }) => m.id);
		expect(overdue).toContain(body.id);
		const pins = (await as('secretary').getJson(api('/matter-pins'))).body.pins;
		expect(pins.find((p: { id: string }) => p.id === body.id)).toMatchObject({ status: 'routed' });
		expect((await as('property2').getJson(api('/matter-pins'))).body.pins.find((p: { id: string }) => p.id === body.id)).toBeUndefined();
	});
});
