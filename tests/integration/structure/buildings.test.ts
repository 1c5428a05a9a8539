import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { representativePoint } from '../../../src/lib/domain/geometry';
import { db } from '../../../src/lib/server/db';
import { buildings, households } from '../../../src/lib/server/db/schema';
import { HttpClient } from '../../fixtures/http-client';
import {
	bowTie,
	buildingRow,
	createOtherCommunity,
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
const path = (rest = '') => `/api/communities/${places.communityId}/buildings${rest}`;
let shift = 0;
/** A fresh footprint inside liaison01's micro-grid (chief1's grid), a little apart from the last one. */
function newBuilding(overrides: Record<string, unknown> = {}) {
	shift += 0.00004;
	return {
		label: `测试楼${shift.toFixed(5)}`,
		microGridId: places.grid1Micro[0].id,
		compoundId: places.compoundIds[0],
		geometry: footprintIn(places.grid1Micro[0].geometry, 3, [shift % 0.0003, 0]),
		units: 2,
		floors: 6,
		roomsPerFloor: 2,
		...overrides
	};
}
const codesOf = async (buildingId: string) =>
	(await db().select({ code: households.code }).from(households).where(eq(households.buildingId, buildingId))).map((h) => h.code).sort();
const buildingTotal = async () => (await db().select({ id: buildings.id }).from(buildings)).length;

describe('creating a building', () => {
	it('lets a chief draw one in its grid with 2 units × 6 floors × 2 rooms, and shows it on the map', async () => {
		const body = newBuilding({ label: '99号楼' });
		const { status, body: created } = await as('chief1').postJson(path(), body);
		expect(status).toBe(201);
		expect(created).toEqual({ id: expect.any(String), households: 24 });
		const codes = await codesOf(created.id);
		expect(codes).toHaveLength(24);
		expect(codes).toContain('2-602');
		const feature = (await mapFeatures(as('secretary'), places.communityId)).find((f) => f.id === created.id)!;
		expect(feature.properties).toMatchObject({
			kind: 'building',
			name: '99号楼',
			label: '99号楼',
			microGridId: places.grid1Micro[0].id,
			gridId: places.grid1.id,
			compoundId: places.compoundIds[0],
			households: 24,
			units: 2,
			floors: 6,
			roomsPerFloor: 2,
			liaisonIds: [places.userIds.get('liaison01')]
		});
		expect(feature.geometry).toEqual(body.geometry);
	});

	it('takes a household list instead, with the dimensions as its maxima', async () => {
		const { status, body } = await as('secretary').postJson(path(), newBuilding({ units: undefined, floors: undefined, roomsPerFloor: undefined, households: ['1-101', '1-102', '2-301'] }));
		expect(status).toBe(201);
		expect(body.households).toBe(3);
		expect(await codesOf(body.id)).toEqual(['1-101', '1-102', '2-301']);
		expect(await buildingRow(body.id)).toMatchObject({ units: 2, floors: 3, roomsPerFloor: 2 });
	});
});

describe('changing and deleting a building', () => {
	it('renames it and regenerates its households when a dimension changes', async () => {
		const { body: created } = await as('chief1').postJson(path(), newBuilding());
		const { status, body } = await as('chief1').patchJson(path(`/${created.id}`), { label: '改名楼', floors: 3 });
		expect(status).toBe(200);
		expect(body).toEqual({ id: created.id, households: 12 });
		expect(await buildingRow(created.id)).toMatchObject({ label: '改名楼', units: 2, floors: 3, roomsPerFloor: 2 });
		expect(await codesOf(created.id)).toContain('2-302');
		expect(await codesOf(created.id)).not.toContain('2-402');
	});

	it('replaces the household list', async () => {
		const { body: created } = await as('chief1').postJson(path(), newBuilding());
		const { status, body } = await as('chief1').patchJson(path(`/${created.id}`), { households: ['3-1101', '1-101'] });
		expect(status).toBe(200);
		expect(body.households).toBe(2);
		expect(await codesOf(created.id)).toEqual(['1-101', '3-1101']);
		expect(await buildingRow(created.id)).toMatchObject({ units: 3, floors: 11, roomsPerFloor: 1 });
	});

	it('moves it to another micro-grid of the same grid, and reshapes it', async () => {
		const { body: created } = await as('chief1').postJson(path(), newBuilding());
		const target = places.grid1Micro[1];
		const geometry = footprintIn(target.geometry, 5);
		const { status } = await as('chief1').patchJson(path(`/${created.id}`), { microGridId: target.id, geometry });
		expect(status).toBe(200);
		expect(await buildingRow(created.id)).toMatchObject({ microGridId: target.id, geometry });
	});

	it('deletes it with its households, and it leaves the map', async () => {
		const { body: created } = await as('chief1').postJson(path(), newBuilding());
		const response = await as('chief1').delete(path(`/${created.id}`));
		expect(response.status).toBe(204);
		expect(await buildingRow(created.id)).toBeUndefined();
		expect(await codesOf(created.id)).toEqual([]);
		expect((await mapFeatures(as('chief1'), places.communityId)).some((f) => f.id === created.id)).toBe(false);
	});

	it('answers 404 for a building that does not exist', async () => {
		expect((await as('secretary').patchJson(path('/nope'), { label: 'x' })).status).toBe(404);
		expect((await as('secretary').delete(path('/nope'))).status).toBe(404);
	});
});

describe('bad input changes nothing and says what is wrong', () => {
	const [lon, lat] = [119.4, 32.36];
	it.each([
		['a self-intersecting polygon', { geometry: bowTie([lon, lat]) }, /自相交|交叉/],
		['an empty polygon', { geometry: { type: 'Polygon', coordinates: [] } }, /没有面积/],
		['coordinates out of range', { geometry: square([200, 95], 10) }, /范围|range/i],
		['a point instead of a polygon', { geometry: { type: 'Point', coordinates: [lon, lat] } }, /Polygon/],
		['no geometry at all', { geometry: undefined }, /Polygon|几何/],
		['duplicate household codes', { units: undefined, floors: undefined, roomsPerFloor: undefined, households: ['1-101', '1-101'] }, /重复.*1-101/],
		['a malformed household code', { units: undefined, floors: undefined, roomsPerFloor: undefined, households: ['1-101', 'abc'] }, /abc/],
		['zero units', { units: 0 }, /单元数应为 1–99/],
		['61 floors', { floors: 61 }, /楼层数应为 1–60/],
		['21 rooms per floor', { roomsPerFloor: 21 }, /每层户数应为 1–20/],
		['a fractional floor count', { floors: 2.5 }, /楼层数/],
		['more households than a building holds', { units: 99, floors: 60, roomsPerFloor: 20 }, /118800 户，一栋楼最多 2000 户/],
		['no dimensions and no list', { units: undefined, floors: undefined, roomsPerFloor: undefined }, /单元数、楼层数和每层户数/],
		['an empty label', { label: ' ' }, /楼栋名称应为 1–40/],
		['an unknown micro-grid', { microGridId: 'no-such-micro-grid' }, /微网格/],
		['a micro-grid of another community', { microGridId: 'other' }, /微网格/],
		['a compound of another community', { compoundId: 'other' }, /小区/]
	])('%s → 400', async (_, overrides, message) => {
		const before = await buildingTotal();
		const body = newBuilding(overrides);
		if (body.microGridId === 'other') body.microGridId = other.microGridId;
		if (body.compoundId === 'other') body.compoundId = other.compoundId;
		const { status, body: answer } = await as('secretary').postJson(path(), body);
		expect(status).toBe(400);
		expect(answer.error).toMatch(message);
		expect(await buildingTotal()).toBe(before);
	});

	it('refuses a second building with the same label in one micro-grid', async () => {
		await as('chief1').postJson(path(), newBuilding({ label: '同名楼' }));
		const { status, body } = await as('chief1').postJson(path(), newBuilding({ label: '同名楼' }));
		expect(status).toBe(400);
		expect(body.error).toMatch(/已有楼栋「同名楼」/);
		const elsewhere = await as('chief1').postJson(path(), newBuilding({ label: '同名楼', microGridId: places.grid1Micro[1].id, geometry: footprintIn(places.grid1Micro[1].geometry, 3, [0.00002, 0]) }));
		expect(elsewhere.status).toBe(201);
	});

	it('refuses a body that is not JSON (415), malformed JSON (400) and one over 4 MB (413)', async () => {
		const send = (headers: Record<string, string>, body: string) =>
			fetch(server.url + path(), { method: 'POST', headers: { cookie: [...as('secretary').cookies].map(([k, v]) => `${k}=${v}`).join('; '), origin: server.url, ...headers }, body });
		const form = await send({ 'content-type': 'text/plain' }, JSON.stringify(newBuilding()));
		expect(form.status).toBe(415);
		expect((await form.json()).error).toMatch(/JSON/);
		const broken = await send({ 'content-type': 'application/json' }, '{"label":');
		expect(broken.status).toBe(400);
		const huge = await send({ 'content-type': 'application/json' }, JSON.stringify({ ...newBuilding(), padding: 'x'.repeat(4.5 * 1024 * 1024) }));
		expect(huge.status).toBe(413);
		expect((await huge.json()).error).toMatch(/4 MB/);
	});

	it('answers a PATCH that changes nothing with 400', async () => {
		const { body: created } = await as('chief1').postJson(path(), newBuilding());
		const { status, body } = await as('chief1').patchJson(path(`/${created.id}`), { confirm: true });
		expect(status).toBe(400);
		expect(body.error).toMatch(/没有要修改/);
	});
});

describe('who may change buildings', () => {
	let existing: string;
	let outside: string;
	beforeAll(async () => {
		existing = (await as('chief1').postJson(path(), newBuilding())).body.id;
		const otherGridBuilding = await as('secretary').postJson(path(), newBuilding({ microGridId: places.otherMicro.id, geometry: footprintIn(places.otherMicro.geometry, 3, [0.00003, 0]) }));
		outside = otherGridBuilding.body.id;
	});

	it.each(['liaison01', 'property1', 'street1'])('refuses %s with 403, whatever the verb', async (username) => {
		const before = await buildingTotal();
		expect((await as(username).postJson(path(), newBuilding())).status).toBe(403);
		expect((await as(username).patchJson(path(`/${existing}`), { label: '偷改' })).status).toBe(403);
		expect((await as(username).delete(path(`/${existing}`))).status).toBe(403);
		expect(await buildingTotal()).toBe(before);
		expect((await buildingRow(existing)).label).not.toBe('偷改');
	});

	it('refuses a chief outside its grid: drawing there, changing a building there, moving one there', async () => {
		const there = newBuilding({ microGridId: places.otherMicro.id, geometry: footprintIn(places.otherMicro.geometry, 3) });
		const drawn = await as('chief1').postJson(path(), there);
		expect(drawn.status).toBe(403);
		expect(drawn.body.error).toMatch(/没有权限/);
		expect((await as('chief1').patchJson(path(`/${outside}`), { label: '越界' })).status).toBe(403);
		expect((await as('chief1').delete(path(`/${outside}`))).status).toBe(403);
		expect((await as('chief1').patchJson(path(`/${existing}`), { microGridId: places.otherMicro.id, confirm: true })).status).toBe(403);
		expect((await buildingRow(existing)).microGridId).toBe(places.grid1Micro[0].id);
	});

	it('answers 401 to a signed-out request', async () => {
		expect((await new HttpClient(server.url).postJson(path(), newBuilding())).status).toBe(401);
	});
});

describe('containment', () => {
	it('warns with 409 and the outside part when a building sticks out of its micro-grid; confirm saves it', async () => {
		const micro = places.grid1Micro[0];
		const [west, south, , north] = extentOf(micro.geometry);
		const straddling = square([west, (south + north) / 2], 20);
		const body = newBuilding({ label: '越界楼', geometry: straddling });
		const before = await buildingTotal();
		const warned = await as('chief1').postJson(path(), body);
		expect(warned.status).toBe(409);
		expect(warned.body.error).toMatch(/越界楼.*之外/);
		expect(warned.body.problems).toEqual([
			{
				kind: 'building',
				id: null,
				name: '越界楼',
				parentKind: 'microGrid',
				parentId: micro.id,
				parentName: micro.name,
				outside: expect.objectContaining({ type: expect.stringMatching(/Polygon/) }),
				area: expect.any(Number)
			}
		]);
		expect(warned.body.problems[0].area).toBeGreaterThan(150);
		expect(warned.body.problems[0].area).toBeLessThan(250);
		expect(await buildingTotal()).toBe(before);
		const confirmed = await as('chief1').postJson(path(), { ...body, confirm: true });
		expect(confirmed.status).toBe(201);
	});

	it('checks a moved outline too', async () => {
		const { body: created } = await as('chief1').postJson(path(), newBuilding());
		const micro = places.grid1Micro[0];
		const [west, south, , north] = extentOf(micro.geometry);
		const moved = await as('chief1').patchJson(path(`/${created.id}`), { geometry: square([west - 0.001, (south + north) / 2], 10) });
		expect(moved.status).toBe(409);
		expect(moved.body.problems[0]).toMatchObject({ id: created.id, parentId: micro.id });
		expect(representativePoint((await buildingRow(created.id)).geometry!)).not.toEqual([west - 0.001, (south + north) / 2]);
	});
});
