import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { dayOf, dayPeriod } from '../../../src/lib/domain/diary-dates';
import { readSheetRows } from '../../../src/lib/server/spreadsheets';
import { HttpClient } from '../../fixtures/http-client';
import { createOtherCommunity, signInAll, structurePlaces, type StructurePlaces } from '../../fixtures/structure-places';
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
const mapPath = () => `/api/communities/${places.communityId}/map`;

describe('GET /api/communities/:id/map', () => {
	it.each(['secretary', 'chief1', 'liaison01', 'street1'])('gives %s the whole community as GeoJSON', async (username) => {
		const response = await as(username).get(mapPath(), { accept: 'application/json' });
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toMatch(/^application\/geo\+json/);
		expect(response.headers.get('cache-control')).toBe('private, no-cache');
		expect(response.headers.get('etag')).toMatch(/^"[\w-]{43}"$/);
		const map = await response.json();
		expect(map.type).toBe('FeatureCollection');
		const kinds = map.features.map((f: { properties: { kind: string } }) => f.properties.kind);
		expect(kinds.filter((k: string) => k === 'grid')).toHaveLength(5);
		expect(kinds.filter((k: string) => k === 'microGrid')).toHaveLength(31);
		expect(kinds.filter((k: string) => k === 'building')).toHaveLength(45);
		expect(map.bbox).toHaveLength(4);
	});

	it('gives every feature its id at the top and its kind, name and parents in properties', async () => {
		const map = (await as('secretary').getJson(mapPath())).body;
		for (const feature of map.features) {
			expect(feature.id).toBe(feature.properties.id);
			expect(['Polygon', 'MultiPolygon']).toContain(feature.geometry.type);
			expect(typeof feature.properties.name).toBe('string');
		}
		const grid = map.features.find((f: any) => f.id === places.grid1.id);
		expect(grid.properties).toEqual({
			kind: 'grid',
			id: places.grid1.id,
			name: places.grid1.name,
			colorIndex: 0,
			chiefIds: [places.userIds.get('chief1')]
		});
		const micro = map.features.find((f: any) => f.id === places.grid1Micro[0].id);
		expect(micro.properties).toMatchObject({ kind: 'microGrid', gridId: places.grid1.id, colorIndex: 0, liaisonIds: [places.userIds.get('liaison01')] });
		const building = map.features.find((f: any) => f.properties.kind === 'building' && f.properties.microGridId === places.grid1Micro[0].id);
		expect(building.properties).toMatchObject({
			kind: 'building',
			name: building.properties.label,
			gridId: places.grid1.id,
			colorIndex: 0,
			liaisonIds: [places.userIds.get('liaison01')]
		});
		expect(building.properties.households).toBe(building.properties.units * building.properties.floors * building.properties.roomsPerFloor);
		const colors = map.features.filter((f: any) => f.properties.kind === 'grid').map((f: any) => f.properties.colorIndex);
		expect(colors).toEqual([0, 1, 2, 3, 4]);
	});

	it('answers 304 when the map has not changed since the ETag the client holds', async () => {
		const first = await as('chief1').get(mapPath());
		const etag = first.headers.get('etag')!;
		const again = await as('chief1').get(mapPath(), { 'if-none-match': etag });
		expect(again.status).toBe(304);
		expect(again.headers.get('etag')).toBe(etag);
		expect(await again.text()).toBe('');
		expect((await as('chief1').get(mapPath(), { 'if-none-match': `W/${etag}, "other"` })).status).toBe(304);
		expect((await as('chief1').get(mapPath(), { 'if-none-match': '"stale"' })).status).toBe(200);
	});

	it('refuses a property company (403), a signed-out visitor (401) and another community (403), as JSON', async () => {
		const property = await as('property1').getJson(mapPath());
		expect(property.status).toBe(403);
		expect(property.body.error).toMatch(/没有权限/);
		const signedOut = await new HttpClient(server.url).getJson(mapPath());
		expect(signedOut.status).toBe(401);
		expect(signedOut.body.error).toMatch(/未登录/);
		const elsewhere = await as('secretary').getJson(`/api/communities/${other.communityId}/map`);
		expect(elsewhere.status).toBe(403);
		expect((await as('secretary').getJson('/api/communities/no-such-community/map')).status).toBe(403);
	});
});

describe('exports', () => {
	it('downloads the map as a GeoJSON attachment that parses back to the same features', async () => {
		const response = await as('street1').get(`/api/communities/${places.communityId}/exports/map.geojson`);
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toMatch(/^application\/geo\+json/);
		const disposition = response.headers.get('content-disposition')!;
		expect(disposition).toMatch(/^attachment; /);
		expect(decodeURIComponent(/filename\*=UTF-8''(.+)$/.exec(disposition)![1])).toMatch(/^乐雅社区-地图-\d{4}-\d{2}-\d{2}\.geojson$/);
		const exported = await response.json();
		const map = (await as('secretary').getJson(mapPath())).body;
		expect(exported).toEqual(map);
	});

	it('names the files by the community’s (Beijing) day, also in the hours it starts before UTC’s', async () => {
		const today = dayOf(Date.now());
		vi.useFakeTimers({ toFake: ['Date'] });
		try {
			// 01:00 in Beijing: still the day before in UTC.
			vi.setSystemTime(dayPeriod(today).from + 3_600_000);
			const fileName = async (path: string) => decodeURIComponent(/filename\*=UTF-8''(.+)$/.exec((await as('chief1').get(path)).headers.get('content-disposition')!)![1]);
			expect(await fileName(`/api/communities/${places.communityId}/exports/map.geojson`)).toBe(`乐雅社区-地图-${today}.geojson`);
			expect(await fileName(`/api/communities/${places.communityId}/exports/households.xlsx`)).toBe(`乐雅社区-住户台账-${today}.xlsx`);
		} finally {
			vi.useRealTimers();
		}
	});

	it('downloads the households as an .xlsx 台账 with one row per household', async () => {
		const response = await as('chief1').get(`/api/communities/${places.communityId}/exports/households.xlsx`);
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
		expect(response.headers.get('content-disposition')).toMatch(/^attachment; .*filename\*=UTF-8''/);
		const rows = await readSheetRows(new Uint8Array(await response.arrayBuffer()), 'xlsx');
		expect(rows[0]).toEqual(['小区', '网格', '微网格', '楼栋', '单元', '楼层', '房号', '户号']);
		const map = (await as('secretary').getJson(mapPath())).body;
		const total = map.features.filter((f: any) => f.properties.kind === 'building').reduce((n: number, f: any) => n + f.properties.households, 0);
		expect(rows).toHaveLength(total + 1);
		expect(rows[1][1]).toBe(places.grid1.name);
		expect(rows[1][7]).toBe('1-101');
	});

	it('refuses the exports to a property company and to a signed-out visitor', async () => {
		for (const file of ['map.geojson', 'households.xlsx']) {
			expect((await as('property1').getJson(`/api/communities/${places.communityId}/exports/${file}`)).status).toBe(403);
			expect((await new HttpClient(server.url).getJson(`/api/communities/${places.communityId}/exports/${file}`)).status).toBe(401);
		}
	});
});
