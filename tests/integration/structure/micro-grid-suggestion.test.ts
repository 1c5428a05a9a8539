import { and, asc, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPolygonal } from '../../../src/lib/domain/geometry';
import { db } from '../../../src/lib/server/db';
import { buildings, grids, memberships, microGrids, structureChanges, users } from '../../../src/lib/server/db/schema';
import { HttpClient } from '../../fixtures/http-client';
import { createOtherCommunity, signInAll, structurePlaces, type StructurePlaces } from '../../fixtures/structure-places';
import { SyncClient, waitFor } from '../../fixtures/sync-client';
import { startTestServer, type TestServer } from '../../fixtures/test-server';

let server: TestServer;
let places: StructurePlaces;
let clients: Map<string, HttpClient>;
let gridIds: string[];

beforeAll(async () => {
	server = await startTestServer();
	places = await structurePlaces();
	clients = await signInAll(server.url, ['secretary', 'chief1', 'chief2', 'chief3', 'liaison01', 'street1', 'property1']);
	gridIds = (await db().select({ id: grids.id }).from(grids).where(eq(grids.communityId, places.communityId)).orderBy(asc(grids.sortOrder))).map((g) => g.id);
});
afterAll(() => server?.stop());

const as = (username: string) => clients.get(username)!;
const suggestPath = (gridId: string, communityId = places.communityId) => `/api/communities/${communityId}/grids/${gridId}/micro-grid-suggestion`;
const applyPath = (gridId: string, communityId = places.communityId) => `${suggestPath(gridId, communityId)}/apply`;
const target = { targetMin: 80, targetMax: 100 };

type Group = { buildingIds: string[]; households: number; oversize: boolean; geometry: unknown; liaisonId?: string };

/** The grid as stored: each micro-grid's buildings and liaisons. */
async function layoutOf(gridId: string) {
	const micros = await db().select().from(microGrids).where(eq(microGrids.gridId, gridId)).orderBy(asc(microGrids.sortOrder));
	const ids = micros.map((m) => m.id);
	const held = ids.length ? await db().select({ id: buildings.id, microGridId: buildings.microGridId }).from(buildings).where(inArray(buildings.microGridId, ids)) : [];
	const roles = ids.length
		? await db().select({ userId: memberships.userId, microGridId: memberships.microGridId }).from(memberships).where(and(eq(memberships.role, 'liaison'), inArray(memberships.microGridId, ids)))
		: [];
	return micros.map((m) => ({
		id: m.id,
		name: m.name,
		geometry: m.geometry,
		buildingIds: held.filter((b) => b.microGridId === m.id).map((b) => b.id).sort(),
		liaisonIds: roles.filter((r) => r.microGridId === m.id).map((r) => r.userId).sort()
	}));
}

const historyCount = async () => (await db().select({ id: structureChanges.id }).from(structureChanges)).length;

describe('POST …/micro-grid-suggestion', () => {
	it('partitions every demo grid into groups of 80–100 households (or one oversize building), with valid outlines, the same each time', async () => {
		for (const gridId of gridIds) {
			const { status, body } = await as('secretary').postJson(suggestPath(gridId), target);
			expect(status).toBe(200);
			const groups = body.groups as Group[];
			const stored = await layoutOf(gridId);
			expect(groups.flatMap((g) => g.buildingIds).sort()).toEqual(stored.flatMap((m) => m.buildingIds).sort());
			for (const g of groups) {
				if (g.oversize) expect(g.buildingIds).toHaveLength(1);
				else expect([g.households >= 80, g.households <= 100]).toEqual([true, true]);
				expect(checkPolygonal(g.geometry).ok).toBe(true);
			}
			// Each micro-grid of the demo is already within the target: every liaison keeps a group.
			const liaisons = groups.map((g) => g.liaisonId).filter(Boolean).sort();
			expect(liaisons).toEqual(stored.flatMap((m) => m.liaisonIds).sort());
			expect((await as('secretary').postJson(suggestPath(gridId), target)).body).toEqual(body);
		}
	});

	it('follows the target asked for', async () => {
		const small = await as('chief1').postJson(suggestPath(places.grid1.id), { targetMin: 40, targetMax: 60 });
		const large = await as('chief1').postJson(suggestPath(places.grid1.id), { targetMin: 150, targetMax: 250 });
		expect(small.status).toBe(200);
		expect(small.body.groups.length).toBeGreaterThan(large.body.groups.length);
	});

	it('refuses a liaison, the street office, a property company and another grid\'s chief (403), and the signed out (401)', async () => {
		for (const username of ['liaison01', 'street1', 'property1']) {
			expect((await as(username).postJson(suggestPath(places.grid1.id), target)).status).toBe(403);
		}
		const other = await as('chief2').postJson(suggestPath(places.grid1.id), target);
		expect(other).toEqual({ status: 403, body: { code: 'error_structure_forbidden', error: expect.any(String) } });
		expect((await new HttpClient(server.url).postJson(suggestPath(places.grid1.id), target)).status).toBe(401);
	});

	it('answers 404 for a grid of another community or none at all', async () => {
		const elsewhere = await createOtherCommunity();
		expect((await as('secretary').postJson(suggestPath(elsewhere.gridId), target)).status).toBe(404);
		expect((await as('secretary').postJson(suggestPath('no-such-grid'), target)).status).toBe(404);
	});

	it.each([
		[{ targetMin: 100, targetMax: 80 }, 'error_target_order'],
		[{ targetMin: 5, targetMax: 100 }, 'error_target_range'],
		[{ targetMin: 80, targetMax: 5000 }, 'error_target_range'],
		[{ targetMin: 80.5, targetMax: 100 }, 'error_target_range'],
		[{ targetMin: '80', targetMax: 100 }, 'error_target_range'],
		[{ targetMin: 80 }, 'error_field_missing']
	])('refuses the target %j with 400 %s', async (body, code) => {
		const answer = await as('chief1').postJson(suggestPath(places.grid1.id), body);
		expect(answer.status).toBe(400);
		expect(answer.body.code).toBe(code);
	});
});

describe('POST …/micro-grid-suggestion/apply', () => {
	it('refuses a building of another grid, a building left out or listed twice (400), and changes nothing', async () => {
		const gridId = gridIds[2];
		const before = await layoutOf(gridId);
		const count = await historyCount();
		const { body } = await as('chief3').postJson(suggestPath(gridId), target);
		const groups = (body.groups as Group[]).map((g) => ({ buildingIds: g.buildingIds }));
		const foreign = (await layoutOf(gridIds[0]))[0].buildingIds[0];
		const withForeign = [...groups.slice(1), { buildingIds: [...groups[0].buildingIds, foreign] }];
		const leftOut = [...groups.slice(1), { buildingIds: groups[0].buildingIds.slice(0, -1) }].filter((g) => g.buildingIds.length);
		const twice = [...groups, { buildingIds: [groups[0].buildingIds[0]] }];
		const cases: [unknown, string][] = [
			[{ groups: withForeign }, 'error_redivision_foreign'],
			[{ groups: leftOut }, 'error_redivision_missing'],
			[{ groups: twice }, 'error_redivision_twice'],
			[{ groups: [] }, 'error_redivision_groups'],
			[{ groups: [...groups.slice(1), { buildingIds: [] }, groups[0]] }, 'error_redivision_empty_group'],
			[{ groups: groups.map((g) => ({ ...g, liaisonId: 'nobody' })) }, 'error_unknown_users']
		];
		for (const [request, code] of cases) {
			const answer = await as('chief3').postJson(applyPath(gridId), request);
			expect([answer.status, answer.body.code]).toEqual([400, code]);
		}
		expect(await layoutOf(gridId)).toEqual(before);
		expect(await historyCount()).toBe(count);
	});

	it('refuses a liaison and another grid\'s chief (403), and a grid of another community (404)', async () => {
		const gridId = gridIds[1];
		const { body } = await as('chief2').postJson(suggestPath(gridId), target);
		const request = { groups: (body.groups as Group[]).map((g) => ({ buildingIds: g.buildingIds })) };
		expect((await as('liaison01').postJson(applyPath(gridId), request)).status).toBe(403);
		expect((await as('chief1').postJson(applyPath(gridId), request)).status).toBe(403);
		const elsewhere = await createOtherCommunity();
		expect((await as('secretary').postJson(applyPath(elsewhere.gridId), request)).status).toBe(404);
	});

	it('replaces the grid\'s micro-grids in one history entry, every building in exactly one, liaisons kept, and tells open maps', async () => {
		const gridId = gridIds[1];
		const before = await layoutOf(gridId);
		const { body } = await as('chief2').postJson(suggestPath(gridId), target);
		const groups = (body.groups as Group[]).map((g) => ({ buildingIds: [...g.buildingIds], liaisonId: g.liaisonId }));
		// The chief moves one building from the first group to the second.
		const moved = groups[0].buildingIds.length > 1 ? groups[0].buildingIds.pop()! : groups[1].buildingIds.pop()!;
		(groups[0].buildingIds.length ? groups[1] : groups[0]).buildingIds.push(moved);
		const count = await historyCount();
		const watcher = SyncClient.forCommunity(server.url, places.communityId, as('street1').cookieHeader());
		try {
			await watcher.synced();
			const signals = watcher.doc.getMap('signals');
			const version = signals.get('structureVersion');
			const answer = await as('chief2').postJson(applyPath(gridId), { groups });
			expect(answer.status).toBe(200);
			await waitFor(() => signals.get('structureVersion') !== version, 5000, 'structureVersion to change');
		} finally {
			watcher.destroy();
		}
		expect(await historyCount()).toBe(count + 1);
		const [entry] = await db().select().from(structureChanges).where(and(eq(structureChanges.targetId, gridId), eq(structureChanges.action, 'redivide')));
		expect(entry).toMatchObject({ kind: 'grid', actorId: places.userIds.get('chief2') });
		expect((entry.before as { microGrids: unknown[] }).microGrids).toHaveLength(before.length);
		expect((entry.after as { microGrids: unknown[] }).microGrids).toHaveLength(groups.length);

		const after = await layoutOf(gridId);
		expect(after.map((m) => m.buildingIds)).toEqual(groups.map((g) => [...g.buildingIds].sort()));
		expect(after.flatMap((m) => m.buildingIds).sort()).toEqual(before.flatMap((m) => m.buildingIds).sort());
		expect(after.map((m) => m.liaisonIds)).toEqual(groups.map((g) => (g.liaisonId ? [g.liaisonId] : [])));
		for (const micro of after) expect(checkPolygonal(micro.geometry).ok).toBe(true);
		// Continued micro-grids keep their id and name; nobody lost their role without a reason.
		const kept = after.filter((m) => before.some((b) => b.id === m.id && b.name === m.name));
		expect(kept.length).toBeGreaterThan(0);
		const liaisonsAfter = after.flatMap((m) => m.liaisonIds);
		const active = await db().select({ id: users.id }).from(users).where(inArray(users.id, liaisonsAfter));
		expect(active).toHaveLength(liaisonsAfter.length);
	});
});
