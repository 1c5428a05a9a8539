import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { representativePoint } from '../../../src/lib/domain/geometry';
import { db } from '../../../src/lib/server/db';
import { buildings, grids, microGrids } from '../../../src/lib/server/db/schema';
import { HttpClient } from '../../fixtures/http-client';
import { footprintIn, signInAll, star, structurePlaces, type StructurePlaces } from '../../fixtures/structure-places';
import { startTestServer, type TestServer } from '../../fixtures/test-server';

// Issue 12: one request with a self-crossing star of 6,001 corners from the read-only street
// office ran the server out of memory (every pair of crossing edges was recorded).
let server: TestServer;
let places: StructurePlaces;
let clients: Map<string, HttpClient>;

beforeAll(async () => {
	server = await startTestServer();
	places = await structurePlaces();
	clients = await signInAll(server.url, ['secretary', 'chief1', 'liaison01', 'street1']);
});
afterAll(() => server?.stop());

const as = (username: string) => clients.get(username)!;
const base = () => `/api/communities/${places.communityId}`;
const counts = async () => ({
	buildings: (await db().select({ id: buildings.id }).from(buildings)).length,
	microGrids: (await db().select({ id: microGrids.id }).from(microGrids)).length,
	grids: (await db().select({ id: grids.id }).from(grids)).length
});
const centre = () => representativePoint(places.grid1Micro[0].geometry);
const building = (geometry: unknown) => ({ label: '星形楼', microGridId: places.grid1Micro[0].id, geometry, units: 1, floors: 6, roomsPerFloor: 2 });

describe('hostile geometry', () => {
	it('refuses a read-only or liaison account before looking at the shape (403), and the server stays up', async () => {
		const before = await counts();
		const huge = star(centre(), 6_001);
		const attempts = [
			['street1', 'post', `${base()}/buildings`, building(huge)],
			['street1', 'post', `${base()}/micro-grids`, { name: '星', gridId: places.grid1.id, geometry: huge }],
			['street1', 'patch', `${base()}/grids/${places.grid1.id}`, { geometry: huge }],
			['liaison01', 'post', `${base()}/buildings`, building(huge)],
			['liaison01', 'patch', `${base()}/micro-grids/${places.grid1Micro[0].id}`, { geometry: huge }]
		] as const;
		for (const [who, method, url, body] of attempts) {
			const { status, body: answer } = method === 'post' ? await as(who).postJson(url, body) : await as(who).patchJson(url, body);
			expect(status, `${who} ${method} ${url}`).toBe(403);
			expect(answer.error).toMatch(/没有权限|may not/);
		}
		expect(await counts()).toEqual(before);
		expect((await as('secretary').getJson(`${base()}/map`)).status).toBe(200);
	});

	it('refuses a shape over the corner limit with 400 too-many-points, even from the secretary', async () => {
		const before = await counts();
		const secretary = as('secretary');
		const { status, body } = await secretary.postJson(`${base()}/buildings`, building(star(centre(), 6_001)));
		expect(status).toBe(400);
		expect(body).toMatchObject({ field: 'geometry', code: 'error_geometry', reason: 'too-many-points' });
		expect(body.error).toMatch(/^多边形太复杂：每个环最多 2000 个顶点/);
		// The same problem in the reader's language, whole: no half in another language.
		secretary.cookies.set('PARAGLIDE_LOCALE', 'en');
		try {
			const english = await secretary.postJson(`${base()}/buildings`, building(star(centre(), 6_001)));
			expect(english.body).toMatchObject({ field: 'geometry', code: 'error_geometry', reason: 'too-many-points' });
			expect(english.body.error).toMatch(/^The shape is too complex: at most 2000 corners per ring/);
			expect(english.body.error).not.toMatch(/[\u4e00-\u9fff]/);
		} finally {
			secretary.cookies.delete('PARAGLIDE_LOCALE');
		}
		expect(await counts()).toEqual(before);
	});

	it('refuses the worst self-crossing shape within the limits with 400 self-intersecting', async () => {
		const before = await counts();
		for (const who of ['secretary', 'chief1']) {
			const { status, body } = await as(who).postJson(`${base()}/buildings`, building(star(centre(), 2_000)));
			expect(status).toBe(400);
			expect(body).toMatchObject({ code: 'error_geometry', reason: 'self-intersecting' });
		}
		const grid = await as('secretary').patchJson(`${base()}/grids/${places.grid1.id}`, { geometry: star(centre(), 2_000) });
		expect(grid.status).toBe(400);
		expect(grid.body).toMatchObject({ code: 'error_geometry', reason: 'self-intersecting' });
		expect(await counts()).toEqual(before);
	});

	it('still accepts an ordinary footprint', async () => {
		const { status } = await as('chief1').postJson(`${base()}/buildings`, building(footprintIn(places.grid1Micro[0].geometry, 3, [0.00011, 0])));
		expect(status).toBe(201);
	});
});
