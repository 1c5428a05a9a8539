import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../../src/lib/server/db';
import { buildings } from '../../../src/lib/server/db/schema';
import { newId } from '../../../src/lib/server/ids';
import { HttpClient } from '../../fixtures/http-client';
import { createForeignBuilding, footprintIn, signInAll, structurePlaces, type StructurePlaces } from '../../fixtures/structure-places';
import { startTestServer, type TestServer } from '../../fixtures/test-server';

let server: TestServer;
let places: StructurePlaces;
let clients: Map<string, HttpClient>;
let buildingId: string;

beforeAll(async () => {
	server = await startTestServer();
	places = await structurePlaces();
	clients = await signInAll(server.url, ['secretary', 'chief1', 'liaison01', 'street1', 'property1']);
	const created = await clients.get('chief1')!.postJson(`/api/communities/${places.communityId}/buildings`, {
		label: '详情测试楼',
		microGridId: places.grid1Micro[0].id,
		compoundId: places.compoundIds[0],
		geometry: footprintIn(places.grid1Micro[0].geometry, 3, [0.00021, 0.00007]),
		units: 2,
		floors: 3,
		roomsPerFloor: 2
	});
	expect(created.status).toBe(201);
	buildingId = created.body.id;
});
afterAll(() => server?.stop());

const as = (username: string) => clients.get(username)!;
const detailPath = (id = buildingId, communityId = places.communityId) => `/api/communities/${communityId}/buildings/${id}`;

describe('GET buildings/:buildingId', () => {
	it.each(['secretary', 'chief1', 'liaison01', 'street1'])('shows %s the building with its generated codes by unit, floor, room', async (username) => {
		const { status, body } = await as(username).getJson(detailPath());
		expect(status).toBe(200);
		expect(body).toEqual({
			id: buildingId,
			label: '详情测试楼',
			microGridId: places.grid1Micro[0].id,
			compoundId: places.compoundIds[0],
			units: 2,
			floors: 3,
			roomsPerFloor: 2,
			households: ['1-101', '1-102', '1-201', '1-202', '1-301', '1-302', '2-101', '2-102', '2-201', '2-202', '2-301', '2-302'],
			// The sign's QR code: for who may print it (the secretary, the grid's chief), else null.
			publicCode: ['secretary', 'chief1'].includes(username) ? expect.stringMatching(/^[a-z2-7]{16}$/) : null
		});
	});

	it('refuses a property company (403) and a signed-out visitor (401), as JSON with the message in the reader’s language', async () => {
		const property = await as('property1').getJson(detailPath());
		expect(property.status).toBe(403);
		expect(property.body).toEqual({ code: 'error_community_forbidden', error: '没有权限访问此社区。' });
		const signedOut = await new HttpClient(server.url).getJson(detailPath());
		expect(signedOut.status).toBe(401);
		expect(signedOut.body).toEqual({ code: 'error_not_signed_in', error: '未登录或登录已过期，请重新登录。' });
	});

	it('gives the same refusal in English to a reader whose language cookie says so, parameters included', async () => {
		const reader = as('secretary');
		reader.cookies.set('PARAGLIDE_LOCALE', 'en');
		try {
			const unknown = await reader.getJson(detailPath('no-such-building'));
			expect(unknown.status).toBe(404);
			expect(unknown.body).toEqual({ code: 'error_building_not_found', error: 'No such building.' });
			const body = { label: '英文楼', microGridId: 'no-such-micro-grid', geometry: footprintIn(places.grid1Micro[0].geometry, 3, [0.0001, 0.0001]), units: 1, floors: 1, roomsPerFloor: 1 };
			const misplaced = await reader.postJson(`/api/communities/${places.communityId}/buildings`, body);
			expect(misplaced.status).toBe(400);
			expect(misplaced.body).toEqual({ code: 'error_micro_grid_unknown', error: 'No such micro-grid in this community (no-such-micro-grid).' });
		} finally {
			reader.cookies.delete('PARAGLIDE_LOCALE');
		}
		expect((await reader.getJson(detailPath('no-such-building'))).body.error).toBe('找不到该楼栋。');
	});

	it('answers 404 for an unknown id and for a building of another community, 403 for another community', async () => {
		const unknown = await as('secretary').getJson(detailPath(newId()));
		expect(unknown.status).toBe(404);
		expect(unknown.body).toEqual({ code: 'error_building_not_found', error: '找不到该楼栋。' });
		const { id: foreignId, communityId: otherCommunityId } = await createForeignBuilding();
		expect((await as('secretary').getJson(detailPath(foreignId))).status).toBe(404);
		expect((await as('secretary').getJson(detailPath(foreignId, otherCommunityId))).status).toBe(403);
	});

	it('returns exactly the list a PATCH set, sorted by unit, floor, room, with the dimensions as maxima', async () => {
		const list = ['3-1201', '1-102', '2-301', '1-101', '1-1001', '2-0302'];
		const patched = await as('secretary').patchJson(detailPath(), { households: list });
		expect(patched).toEqual({ status: 200, body: { id: buildingId, households: 6 } });
		const { status, body } = await as('liaison01').getJson(detailPath());
		expect(status).toBe(200);
		expect(body.households).toEqual(['1-101', '1-102', '1-1001', '2-301', '2-302', '3-1201']);
		expect(body).toMatchObject({ units: 3, floors: 12, roomsPerFloor: 2 });
		const again = await as('secretary').patchJson(detailPath(), { households: body.households.filter((c: string) => c !== '2-301').concat('4-101') });
		expect(again.body.households).toBe(6);
		expect((await as('street1').getJson(detailPath())).body.households).toEqual(['1-101', '1-102', '1-1001', '2-302', '3-1201', '4-101']);
	});
});
