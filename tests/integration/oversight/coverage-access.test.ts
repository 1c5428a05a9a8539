/**
 * Who sees coverage (`mayViewOversight`, `oversightGrids`), through the API and its .xlsx: the
 * secretary the community, a chief only its grids (their buildings and liaisons, with the same
 * figures the secretary sees for them), the street office any community of its street and no
 * other; liaisons, property companies, the signed-out and other communities' people nothing.
 * Bad dates are refused with a message key, after the permission check.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../../src/lib/server/db';
import { buildings, communities, grids, memberships, microGrids } from '../../../src/lib/server/db/schema';
import { newId } from '../../../src/lib/server/ids';
import { insertHistory } from '../../fixtures/coverage-marks';
import { demoPlaces, type DemoPlaces } from '../../fixtures/demo-places';
import { HttpClient } from '../../fixtures/http-client';
import { createOtherCommunity, signInAll } from '../../fixtures/structure-places';
import { startTestServer, type TestServer } from '../../fixtures/test-server';

const day = 86_400_000;
let server: TestServer;
let places: DemoPlaces;
let clients: Map<string, HttpClient>;
let otherStreetCommunity: string;
let sameStreetCommunity: string;
const window = `from=${new Date(Date.now() - 90 * day).toISOString()}&to=${new Date(Date.now() + day).toISOString()}`;

beforeAll(async () => {
	server = await startTestServer();
	places = await demoPlaces();
	clients = await signInAll(server.url, ['secretary', 'chief1', 'liaison01', 'street1', 'property1']);
	const markers = ['liaison01', 'liaison05', 'liaison20'].map((name) => places.userIds.get(name)!);
	await insertHistory({ communityId: places.communityId, markers, tasks: 4, marks: 1_500, from: Date.now() - 60 * day, to: Date.now() - 1000, seed: 3 });
	otherStreetCommunity = (await createOtherCommunity()).communityId;
	// A second community of the demo's street, with one grid and building.
	const [demo] = await db().select().from(communities).where(eq(communities.id, places.communityId));
	sameStreetCommunity = newId();
	const gridId = newId();
	const microGridId = newId();
	await db().insert(communities).values({ id: sameStreetCommunity, streetId: demo.streetId, name: '同街道社区' });
	await db().insert(grids).values({ id: gridId, communityId: sameStreetCommunity, name: '一网格' });
	await db().insert(microGrids).values({ id: microGridId, gridId, communityId: sameStreetCommunity, name: '一微网格' });
	await db().insert(buildings).values({ id: newId(), communityId: sameStreetCommunity, microGridId, label: '1栋', units: 1, floors: 1, roomsPerFloor: 1 });
});
afterAll(async () => {
	await server?.stop();
});

const coveragePath = (communityId = places.communityId, query = window) => `/api/communities/${communityId}/coverage?${query}`;
const exportPath = (communityId = places.communityId, query = window) => `/api/communities/${communityId}/exports/coverage.xlsx?${query}`;
const as = (username: string) => clients.get(username)!;

describe('who sees coverage', () => {
	it('a chief gets its grids: their buildings and liaisons, with the figures the secretary sees for them', async () => {
		const [whole, own] = await Promise.all([as('secretary').getJson(coveragePath()), as('chief1').getJson(coveragePath())]);
		expect([whole.status, own.status]).toEqual([200, 200]);
		const [chief] = await db().select().from(memberships).where(eq(memberships.userId, places.userIds.get('chief1')!));
		const gridBuildings = await db()
			.select({ id: buildings.id, microGridId: buildings.microGridId })
			.from(buildings)
			.innerJoin(microGrids, eq(microGrids.id, buildings.microGridId))
			.where(eq(microGrids.gridId, chief.gridId!));
		const gridMicroGrids = new Set(gridBuildings.map((b) => b.microGridId));
		const gridLiaisons = (await db().select().from(memberships).where(eq(memberships.role, 'liaison'))).filter((m) => gridMicroGrids.has(m.microGridId)).map((m) => m.userId);

		expect(own.body.grids).toEqual(whole.body.grids.filter((g: { gridId: string }) => g.gridId === chief.gridId));
		expect(new Set(own.body.buildings.map((b: { buildingId: string }) => b.buildingId))).toEqual(new Set(gridBuildings.map((b) => b.id)));
		expect(own.body.buildings).toEqual(whole.body.buildings.filter((b: { buildingId: string }) => gridBuildings.some((g) => g.id === b.buildingId)));
		expect(new Set(own.body.liaisons.map((l: { userId: string }) => l.userId))).toEqual(new Set(gridLiaisons));
		expect(own.body.liaisons).toEqual(whole.body.liaisons.filter((l: { userId: string }) => gridLiaisons.includes(l.userId)));
		expect(own.body.liaisons.length).toBeLessThan(whole.body.liaisons.length);
		// Something was counted in the grid: the comparison is not one of zeros.
		expect(own.body.grids[0].visited).toBeGreaterThan(0);
	});

	it('the street office reads any community of its street, and no other', async () => {
		const demo = await as('street1').getJson(coveragePath());
		expect(demo.status).toBe(200);
		expect(demo.body.grids).toHaveLength(5);
		const sibling = await as('street1').getJson(coveragePath(sameStreetCommunity));
		expect(sibling.status).toBe(200);
		expect(sibling.body).toMatchObject({ grids: [{ households: 0, visited: 0 }], buildings: [{ households: 0, visited: 0, lastVisitAt: null }], liaisons: [] });
		expect((await as('street1').getJson(coveragePath(otherStreetCommunity))).status).toBe(403);
		expect((await as('street1').get(exportPath())).status).toBe(200);
		expect((await as('street1').get(exportPath(otherStreetCommunity))).status).toBe(403);
	});

	it('liaisons, property companies, other communities’ secretaries and the signed-out are refused, the export too', async () => {
		for (const username of ['liaison01', 'property1']) {
			const { status, body } = await as(username).getJson(coveragePath());
			expect({ username, status, code: body.code }).toEqual({ username, status: 403, code: 'error_oversight_forbidden' });
			expect((await as(username).get(exportPath())).status, username).toBe(403);
		}
		for (const communityId of [sameStreetCommunity, otherStreetCommunity, 'no-such-community']) {
			expect((await as('secretary').getJson(coveragePath(communityId))).status, communityId).toBe(403);
			expect((await as('chief1').get(exportPath(communityId))).status, communityId).toBe(403);
		}
		const anonymous = new HttpClient(server.url);
		expect((await anonymous.getJson(coveragePath())).status).toBe(401);
		expect((await anonymous.get(exportPath())).status).toBe(401);
	});
});

describe('bad dates', () => {
	const cases: [string, string][] = [
		['from=last-week', 'error_period_unreadable'],
		['from=2026-02-30', 'error_period_unreadable'],
		['to=1999-01-01', 'error_period_unreadable'],
		[`from=${'9'.repeat(10_000)}`, 'error_period_unreadable'],
		['from=2026-12-08&to=2026-12-01', 'error_period_order'],
		['from=2026-12-01&to=2026-12-01', 'error_period_order'],
		['from=2024-01-01&to=2026-01-01', 'error_period_too_long']
	];

	it('are refused with 400 and a message key, by the API and the export', async () => {
		for (const [query, code] of cases) {
			const { status, body } = await as('secretary').getJson(coveragePath(places.communityId, query));
			expect({ query, status, code: body.code }).toEqual({ query, status: 400, code });
			expect(body.error).toMatch(/日期|时间范围/);
			const download = await as('secretary').get(exportPath(places.communityId, query));
			expect(download.status, query).toBe(400);
			expect((await download.json()).code).toBe(code);
		}
	});

	it('are looked at only after the permission: a liaison gets 403 whatever the dates', async () => {
		expect((await as('liaison01').getJson(coveragePath(places.communityId, 'from=nonsense'))).status).toBe(403);
	});

	it('default to the last 7 days', async () => {
		const before = Date.now();
		const { status, body } = await as('secretary').getJson(`/api/communities/${places.communityId}/coverage`);
		expect(status).toBe(200);
		expect(body.to).toBeGreaterThanOrEqual(before);
		expect(body.to - body.from).toBe(7 * day);
	});
});
