import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../../src/lib/server/db';
import { auditEvents, grids, memberships, microGrids } from '../../../src/lib/server/db/schema';
import { HttpClient } from '../../fixtures/http-client';
import {
	createOtherCommunity,
	createUnassignedUser,
	extentOf,
	footprintIn,
	mapFeatures,
	signInAll,
	square,
	structurePlaces,
	type StructurePlaces
} from '../../fixtures/structure-places';
import { startTestServer, type TestServer } from '../../fixtures/test-server';

let server: TestServer;
let places: StructurePlaces;
let clients: Map<string, HttpClient>;
let other: Awaited<ReturnType<typeof createOtherCommunity>>;

beforeAll(async () => {
	server = await startTestServer();
	places = await structurePlaces();
	other = await createOtherCommunity();
	clients = await signInAll(server.url, ['secretary', 'chief1', 'liaison01', 'street1', 'property1']);
});
afterAll(() => server?.stop());

const as = (username: string) => clients.get(username)!;
const gridsPath = (rest = '') => `/api/communities/${places.communityId}/grids${rest}`;
const microPath = (rest = '') => `/api/communities/${places.communityId}/micro-grids${rest}`;
const rolesAt = async (column: 'gridId' | 'microGridId', placeId: string) =>
	(await db().select().from(memberships).where(eq(column === 'gridId' ? memberships.gridId : memberships.microGridId, placeId))).map((m) => ({ userId: m.userId, role: m.role, communityId: m.communityId }));

/** Open ground east of the demo community, 300 m a side, for grids drawn by the tests. */
let eastward = 0;
function openGround(metres = 300) {
	eastward += 0.01;
	return square([119.45 + eastward, 32.36], metres);
}

describe('grids', () => {
	it('the secretary draws a grid and names its chief; the map shows both', async () => {
		const chiefId = await createUnassignedUser('新网格长');
		const geometry = openGround();
		const { status, body } = await as('secretary').postJson(gridsPath(), { name: '第六网格', geometry, chiefIds: [chiefId] });
		expect(status).toBe(201);
		expect(body).toEqual({ id: expect.any(String) });
		expect(await rolesAt('gridId', body.id)).toEqual([{ userId: chiefId, role: 'chief', communityId: places.communityId }]);
		const feature = (await mapFeatures(as('street1'), places.communityId)).find((f) => f.id === body.id)!;
		expect(feature.properties).toEqual({ kind: 'grid', id: body.id, name: '第六网格', colorIndex: 5, chiefIds: [chiefId] });
		const audit = await db().select().from(auditEvents).where(eq(auditEvents.targetUserId, chiefId));
		expect(audit.map((a) => a.action)).toEqual(['role.add']);
	});

	it.each(['chief1', 'liaison01', 'street1', 'property1'])('refuses a new grid from %s with 403', async (username) => {
		const { status } = await as(username).postJson(gridsPath(), { name: '私建网格', geometry: openGround() });
		expect(status).toBe(403);
		expect(await db().select().from(grids).where(eq(grids.name, '私建网格'))).toEqual([]);
	});

	it('lets chief1 rename its own grid but not another, and not name chiefs', async () => {
		expect((await as('chief1').patchJson(gridsPath(`/${places.grid1.id}`), { name: '第一网格（新）' })).status).toBe(200);
		const [renamed] = await db().select().from(grids).where(eq(grids.id, places.grid1.id));
		expect(renamed.name).toBe('第一网格（新）');
		expect((await as('chief1').patchJson(gridsPath(`/${places.otherGrid.id}`), { name: '抢来的' })).status).toBe(403);
		const chiefs = await as('chief1').patchJson(gridsPath(`/${places.grid1.id}`), { chiefIds: [] });
		expect(chiefs.status).toBe(403);
		expect(chiefs.body).toMatchObject({ code: 'error_secretary_only_assign_chiefs', error: '只有社区书记可以任命网格长。' });
		expect(await rolesAt('gridId', places.grid1.id)).toHaveLength(1);
	});

	it('replaces the chiefs of a grid, and refuses a person of another community by name', async () => {
		const { body: grid } = await as('secretary').postJson(gridsPath(), { name: '换人网格', geometry: openGround() });
		const first = await createUnassignedUser('甲');
		const second = await createUnassignedUser('乙');
		expect((await as('secretary').patchJson(gridsPath(`/${grid.id}`), { chiefIds: [first, second] })).status).toBe(200);
		expect((await as('secretary').patchJson(gridsPath(`/${grid.id}`), { chiefIds: [second] })).status).toBe(200);
		expect((await rolesAt('gridId', grid.id)).map((r) => r.userId)).toEqual([second]);
		const refused = await as('secretary').patchJson(gridsPath(`/${grid.id}`), { chiefIds: [other.liaisonId] });
		expect(refused.status).toBe(400);
		expect(refused.body.error).toMatch(/外社区联络员.*其他社区/);
		expect((await rolesAt('gridId', grid.id)).map((r) => r.userId)).toEqual([second]);
	});

	it('warns when a grid’s new outline leaves its micro-grids outside, and saves on confirm', async () => {
		const outline = openGround(400);
		const { body: grid } = await as('secretary').postJson(gridsPath(), { name: '缩小网格', geometry: outline });
		const { body: micro } = await as('secretary').postJson(microPath(), { name: '角落微网格', gridId: grid.id, geometry: footprintIn(outline, 100, [0.0015, 0]) });
		const smaller = footprintIn(outline, 100, [-0.0015, 0]);
		const warned = await as('secretary').patchJson(gridsPath(`/${grid.id}`), { geometry: smaller });
		expect(warned.status).toBe(409);
		expect(warned.body.problems).toEqual([expect.objectContaining({ kind: 'microGrid', id: micro.id, name: '角落微网格', parentKind: 'grid', parentId: grid.id })]);
		const [unchanged] = await db().select().from(grids).where(eq(grids.id, grid.id));
		expect(unchanged.geometry).toEqual(outline);
		expect((await as('secretary').patchJson(gridsPath(`/${grid.id}`), { geometry: smaller, confirm: true })).status).toBe(200);
	});

	it('deletes only an empty grid, taking its chiefs’ role with it', async () => {
		const chiefId = await createUnassignedUser('丙');
		const { body: grid } = await as('secretary').postJson(gridsPath(), { name: '临时网格', geometry: openGround(), chiefIds: [chiefId] });
		const { body: micro } = await as('secretary').postJson(microPath(), { name: '临时微网格', gridId: grid.id, geometry: footprintIn(openGround(), 50) , confirm: true });
		const held = await as('secretary').delete(gridsPath(`/${grid.id}`));
		expect(held.status).toBe(400);
		expect(held.body).toMatchObject({ code: 'error_grid_not_empty', error: expect.stringMatching(/^请先删除或移走其中的微网格。/) });
		expect((await as('secretary').delete(microPath(`/${micro.id}`))).status).toBe(204);
		expect((await as('chief1').delete(gridsPath(`/${grid.id}`))).status).toBe(403);
		expect((await as('secretary').delete(gridsPath(`/${grid.id}`))).status).toBe(204);
		expect(await db().select().from(grids).where(eq(grids.id, grid.id))).toEqual([]);
		expect(await rolesAt('gridId', grid.id)).toEqual([]);
		expect((await db().select().from(auditEvents).where(eq(auditEvents.targetUserId, chiefId))).map((a) => a.action).sort()).toEqual(['role.add', 'role.remove']);
		expect((await as('secretary').delete(gridsPath(`/${grid.id}`))).status).toBe(404);
	});

	it('refuses a grid with a bad outline', async () => {
		const { status, body } = await as('secretary').postJson(gridsPath(), { name: '坏网格', geometry: { type: 'LineString', coordinates: [[119.4, 32.3], [119.41, 32.31]] } });
		expect(status).toBe(400);
		expect(body).toMatchObject({ code: 'error_geometry', reason: 'not-polygon', error: expect.stringMatching(/LineString/) });
	});
});

describe('micro-grids', () => {
	it('chief1 draws one in its grid with a liaison; the map shows it', async () => {
		const liaisonId = await createUnassignedUser('新联络员');
		const geometry = footprintIn(places.grid1.geometry, 30);
		const { status, body } = await as('chief1').postJson(microPath(), { name: '新微网格', gridId: places.grid1.id, geometry, liaisonIds: [liaisonId], confirm: true });
		expect(status).toBe(201);
		expect(await rolesAt('microGridId', body.id)).toEqual([{ userId: liaisonId, role: 'liaison', communityId: places.communityId }]);
		const feature = (await mapFeatures(as('liaison01'), places.communityId)).find((f) => f.id === body.id)!;
		expect(feature.properties).toMatchObject({ kind: 'microGrid', gridId: places.grid1.id, colorIndex: 0, liaisonIds: [liaisonId] });
	});

	it('warns with 409 when it sticks out of its grid, and saves on confirm', async () => {
		const [west, south, , north] = extentOf(places.grid1.geometry);
		const body = { name: '出界微网格', gridId: places.grid1.id, geometry: square([west, (south + north) / 2], 40) };
		const warned = await as('chief1').postJson(microPath(), body);
		expect(warned.status).toBe(409);
		expect(warned.body.problems).toEqual([expect.objectContaining({ kind: 'microGrid', id: null, parentKind: 'grid', parentId: places.grid1.id })]);
		expect(await db().select().from(microGrids).where(eq(microGrids.name, '出界微网格'))).toEqual([]);
		expect((await as('chief1').postJson(microPath(), { ...body, confirm: true })).status).toBe(201);
	});

	it('refuses liaisons who are of another community, disabled, or unknown, naming them', async () => {
		const disabled = await createUnassignedUser('停用的人', { disabled: true });
		const base = { name: '挑人微网格', gridId: places.grid1.id, geometry: footprintIn(places.grid1.geometry, 20, [0.0002, 0]), confirm: true };
		const foreign = await as('chief1').postJson(microPath(), { ...base, liaisonIds: [other.liaisonId] });
		expect(foreign.status).toBe(400);
		expect(foreign.body.error).toMatch(/外社区联络员 是其他社区、街道或物业的人员/);
		const off = await as('chief1').postJson(microPath(), { ...base, liaisonIds: [disabled] });
		expect(off.status).toBe(400);
		expect(off.body.error).toMatch(/停用的人.*停用/);
		expect((await as('chief1').postJson(microPath(), { ...base, liaisonIds: ['ghost'] })).status).toBe(400);
		expect(await db().select().from(microGrids).where(eq(microGrids.name, '挑人微网格'))).toEqual([]);
	});

	it('replaces the liaisons of a micro-grid; the people pages still work for the one who left', async () => {
		const micro = places.grid1Micro[2];
		const [before] = await rolesAt('microGridId', micro.id);
		const newcomer = await createUnassignedUser('接班人');
		const { status } = await as('chief1').patchJson(microPath(`/${micro.id}`), { liaisonIds: [newcomer] });
		expect(status).toBe(200);
		expect((await rolesAt('microGridId', micro.id)).map((r) => r.userId)).toEqual([newcomer]);
		const actions = await db().select().from(auditEvents).where(and(eq(auditEvents.targetUserId, before.userId), eq(auditEvents.action, 'role.remove')));
		expect(actions).toHaveLength(1);
		expect((await as('secretary').get('/people')).status).toBe(200);
		expect((await as('chief1').get('/people')).status).toBe(200);
		const feature = (await mapFeatures(as('secretary'), places.communityId)).find((f) => f.id === micro.id)!;
		expect(feature.properties.liaisonIds).toEqual([newcomer]);
	});

	it('lets a chief move a micro-grid only between its own grids; the secretary anywhere', async () => {
		const { body: micro } = await as('chief1').postJson(microPath(), { name: '搬家微网格', gridId: places.grid1.id, geometry: footprintIn(places.grid1.geometry, 20, [-0.0002, 0]), confirm: true });
		expect((await as('chief1').patchJson(microPath(`/${micro.id}`), { gridId: places.otherGrid.id, confirm: true })).status).toBe(403);
		expect((await as('chief1').patchJson(microPath(`/${places.otherMicro.id}`), { name: '抢' })).status).toBe(403);
		expect((await as('secretary').patchJson(microPath(`/${micro.id}`), { gridId: places.otherGrid.id, confirm: true })).status).toBe(200);
		const [moved] = await db().select().from(microGrids).where(eq(microGrids.id, micro.id));
		expect(moved.gridId).toBe(places.otherGrid.id);
	});

	it('deletes only an empty micro-grid, with its liaisons’ role', async () => {
		const held = await as('chief1').delete(microPath(`/${places.grid1Micro[0].id}`));
		expect(held.status).toBe(400);
		expect(held.body.error).toMatch(/^请先删除或移走其中的楼栋。/);
		const liaisonId = await createUnassignedUser('丁');
		const { body: micro } = await as('chief1').postJson(microPath(), { name: '空微网格', gridId: places.grid1.id, geometry: footprintIn(places.grid1.geometry, 10, [0, 0.0002]), liaisonIds: [liaisonId], confirm: true });
		expect((await as('liaison01').delete(microPath(`/${micro.id}`))).status).toBe(403);
		expect((await as('chief1').delete(microPath(`/${micro.id}`))).status).toBe(204);
		expect(await rolesAt('microGridId', micro.id)).toEqual([]);
	});

	it.each(['liaison01', 'property1', 'street1'])('refuses any micro-grid change from %s with 403', async (username) => {
		const micro = places.grid1Micro[0];
		expect((await as(username).postJson(microPath(), { name: 'x', gridId: places.grid1.id, geometry: footprintIn(micro.geometry, 5) })).status).toBe(403);
		expect((await as(username).patchJson(microPath(`/${micro.id}`), { name: 'x' })).status).toBe(403);
		expect((await as(username).patchJson(gridsPath(`/${places.grid1.id}`), { name: 'x' })).status).toBe(403);
	});

	it('refuses an unknown grid with 400 and an unknown micro-grid with 404', async () => {
		const unknownGrid = await as('secretary').postJson(microPath(), { name: 'x', gridId: 'nope', geometry: footprintIn(places.grid1.geometry, 5) });
		expect(unknownGrid.status).toBe(400);
		expect(unknownGrid.body.error).toMatch(/网格/);
		expect((await as('secretary').patchJson(microPath('/nope'), { name: 'x' })).status).toBe(404);
		expect((await as('secretary').patchJson(microPath(`/${other.microGridId}`), { name: 'x' })).status).toBe(404);
	});
});
