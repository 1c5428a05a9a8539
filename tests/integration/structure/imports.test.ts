import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { representativePoint } from '../../../src/lib/domain/geometry';
import { db } from '../../../src/lib/server/db';
import { buildings, compounds, households, structureChanges } from '../../../src/lib/server/db/schema';
import { HttpClient } from '../../fixtures/http-client';
import { xlsxBomb, xlsxManyRows } from '../../fixtures/ledger-files';
import { bowTie, buildingRow, footprintIn, mapFeatures, signInAll, square, structurePlaces, type MapFeature, type StructurePlaces } from '../../fixtures/structure-places';
import { startTestServer, type TestServer } from '../../fixtures/test-server';

let server: TestServer;
let places: StructurePlaces;
let clients: Map<string, HttpClient>;

beforeAll(async () => {
	server = await startTestServer();
	places = await structurePlaces();
	clients = await signInAll(server.url, ['secretary', 'chief1', 'liaison01', 'street1', 'property1']);
});
afterAll(() => server?.stop());

const as = (username: string) => clients.get(username)!;
const api = (rest: string) => `/api/communities/${places.communityId}${rest}`;
const buildingTotal = async () => (await db().select({ id: buildings.id }).from(buildings)).length;
const geojson = (features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features });
const feature = (geometry: unknown, properties: Record<string, unknown> = {}) => ({ type: 'Feature', properties, geometry });
async function upload(username: string, kind: 'buildings' | 'households', name: string, bytes: Uint8Array | string, fields: Record<string, string> = {}) {
	const response = await as(username).postMultipart(api(`/imports/${kind}`), { name, bytes }, fields);
	return { status: response.status, body: await response.json() };
}

describe('importing building footprints (GeoJSON)', () => {
	const footprints = () => [
		feature(footprintIn(places.grid1Micro[0].geometry, 3, [0.0002, -0.0002]), { name: '导入1号楼', 'building:levels': '11' }),
		feature(footprintIn(places.grid1Micro[1].geometry, 3, [0.0002, -0.0002]), { 'addr:housenumber': '88' }),
		feature({ type: 'Point', coordinates: [119.4, 32.36] }, { name: '路灯' }),
		feature({ type: 'LineString', coordinates: [[119.4, 32.36], [119.401, 32.361]] })
	];

	it('previews what it would create, each footprint in the micro-grid that holds it, and changes nothing', async () => {
		const before = await buildingTotal();
		const { status, body } = await upload('chief1', 'buildings', 'osm.geojson', geojson(footprints()));
		expect(status).toBe(200);
		expect(body.skipped).toBe(2);
		expect(body.errors).toEqual([]);
		expect(body.features).toEqual([
			expect.objectContaining({ index: 0, label: '导入1号楼', microGridId: places.grid1Micro[0].id, microGridName: places.grid1Micro[0].name, floors: 11, units: 1, roomsPerFloor: 2, problems: [] }),
			expect.objectContaining({ index: 1, label: '88号楼', microGridId: places.grid1Micro[1].id, floors: 6, problems: [] })
		]);
		expect(body.features[0].geometry.type).toBe('Polygon');
		expect(await buildingTotal()).toBe(before);
	});

	it('applies: creates them all with generated households, one history row each, visible on the map', async () => {
		const before = await buildingTotal();
		const { status, body } = await upload('chief1', 'buildings', 'osm.geojson', geojson(footprints().slice(0, 2).map((f, i) => ({ ...f, properties: { name: `套用${i}号楼` } }))), { apply: '1' });
		expect(status).toBe(201);
		expect(body).toEqual({ created: 2, ids: [expect.any(String), expect.any(String)] });
		expect(await buildingTotal()).toBe(before + 2);
		const map = await mapFeatures(as('secretary'), places.communityId);
		const made = map.filter((f: MapFeature) => body.ids.includes(f.id));
		expect(made.map((f) => [f.properties.label, f.properties.households])).toEqual([
			['套用0号楼', 12],
			['套用1号楼', 12]
		]);
		const history = await db().select().from(structureChanges).where(eq(structureChanges.action, 'import'));
		expect(history.filter((h) => body.ids.includes(h.targetId)).map((h) => [h.kind, h.actorId])).toEqual([
			['building', places.userIds.get('chief1')],
			['building', places.userIds.get('chief1')]
		]);
	});

	it('puts every footprint into the chosen micro-grid when one is given', async () => {
		const { body } = await upload('chief1', 'buildings', 'osm.geojson', geojson(footprints()), { microGridId: places.grid1Micro[2].id });
		expect(body.features.map((f: { microGridId: string }) => f.microGridId)).toEqual([places.grid1Micro[2].id, places.grid1Micro[2].id]);
	});

	it('lists the problems of each footprint and refuses to apply while there are any', async () => {
		const far = square([100, 30], 10);
		const elsewhere = footprintIn(places.otherMicro.geometry, 3, [0.0001, 0.0001]);
		const file = geojson([
			feature(footprintIn(places.grid1Micro[0].geometry, 3, [-0.0002, -0.0002]), { name: '好楼' }),
			feature(bowTie(representativePoint(places.grid1Micro[0].geometry)), { name: '坏楼' }),
			feature(far, { name: '远楼' }),
			feature(elsewhere, { name: '邻楼' }),
			feature(footprintIn(places.grid1Micro[0].geometry, 3, [-0.0002, 0.0002]), { name: '高楼', 'building:levels': 99 })
		]);
		const { status, body } = await upload('chief1', 'buildings', 'mixed.geojson', file);
		expect(status).toBe(200);
		const problems = body.features.map((f: { problems: string[] }) => f.problems.join(' '));
		expect(problems[0]).toBe('');
		expect(problems[1]).toMatch(/自相交/);
		expect(problems[2]).toMatch(/不在任何微网格内/);
		expect(problems[3]).toMatch(/你不能修改那里/);
		expect(problems[4]).toMatch(/楼层数“99”/);
		expect(body.errors[0]).toMatch(/4 个楼栋有问题/);
		const before = await buildingTotal();
		const applied = await upload('chief1', 'buildings', 'mixed.geojson', file, { apply: '1' });
		expect(applied.status).toBe(400);
		expect(applied.body).toMatchObject({ code: 'error_import_troubled', error: expect.stringMatching(/有问题/) });
		expect(await buildingTotal()).toBe(before);
	});

	it.each([
		['plain text', 'notes.geojson', 'hello', /不是有效的 JSON/],
		['a single Feature', 'one.geojson', JSON.stringify(feature(square([119.4, 32.36], 5))), /Feature，需要 GeoJSON FeatureCollection/],
		['an Excel file', 'book.geojson', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), /Excel/],
		['too many features', 'city.geojson', geojson(Array.from({ length: 2001 }, () => feature({ type: 'Point', coordinates: [0, 0] }))), /2001 个要素/]
	])('refuses %s with 400 saying what it is', async (_, name, bytes, message) => {
		const { status, body } = await upload('secretary', 'buildings', name, bytes);
		expect(status).toBe(400);
		expect(body.error).toMatch(message);
	});

	it('refuses a file over 20 MB with 413', async () => {
		const big = new Uint8Array(21 * 1024 * 1024).fill(0x20);
		const { status, body } = await upload('secretary', 'buildings', 'big.geojson', big);
		expect(status).toBe(413);
		expect(body.error).toMatch(/^文件超过 20 MB/);
	});

	it.each(['liaison01', 'property1', 'street1'])('refuses %s with 403', async (username) => {
		const { status } = await upload(username, 'buildings', 'osm.geojson', geojson(footprints()), { apply: '1' });
		expect(status).toBe(403);
	});
});

describe('importing a household ledger (台账)', () => {
	let target: { id: string; label: string; compound: string };
	let outside: { label: string; compound: string };
	beforeAll(async () => {
		const names = new Map((await db().select().from(compounds)).map((c) => [c.id, c.name]));
		const map = await mapFeatures(as('secretary'), places.communityId);
		const pick = (microGridId: string) => {
			const found = map.find((f) => f.properties.kind === 'building' && f.properties.microGridId === microGridId && f.properties.compoundId)!;
			return { id: found.id, label: found.properties.label, compound: names.get(found.properties.compoundId)! };
		};
		target = pick(places.grid1Micro[0].id);
		outside = pick(places.otherMicro.id);
	});
	const ledger = (rows: string[][]) => ['小区,楼栋,单元,楼层,房号', ...rows.map((r) => r.join(','))].join('\n');
	const codesOf = async (id: string) => (await db().select({ code: households.code }).from(households).where(eq(households.buildingId, id))).map((h) => h.code).sort();

	it('previews the change per building and changes nothing; apply replaces the households and the dimensions', async () => {
		const csv = ledger([
			[target.compound, target.label, '1', '1', '101'],
			[target.compound, target.label, '1', '1', '102'],
			[target.compound, target.label, '2', '3', '301']
		]);
		const before = await codesOf(target.id);
		const preview = await upload('chief1', 'households', '台账.csv', csv);
		expect(preview.status).toBe(200);
		expect(preview.body).toEqual({ buildings: [{ id: target.id, label: target.label, compoundName: target.compound, before: before.length, after: 3 }], errors: [], rows: 3 });
		expect(await codesOf(target.id)).toEqual(before);
		const applied = await upload('chief1', 'households', '台账.csv', csv, { apply: '1' });
		expect(applied).toEqual({ status: 200, body: { updated: 1 } });
		expect(await codesOf(target.id)).toEqual(['1-101', '1-102', '2-301']);
		expect(await buildingRow(target.id)).toMatchObject({ units: 2, floors: 3, roomsPerFloor: 2 });
		const [history] = await db().select().from(structureChanges).where(eq(structureChanges.kind, 'households'));
		expect(history).toMatchObject({ action: 'import', targetId: target.id, actorId: places.userIds.get('chief1'), before: { households: before.length }, after: { households: 3, units: 2, floors: 3, roomsPerFloor: 2 } });
	});

	it('answers duplicate rows with the row numbers: listed in the preview, 400 on apply', async () => {
		const csv = ledger([
			[target.compound, target.label, '1', '2', '201'],
			[target.compound, target.label, '1', '2', '201']
		]);
		const preview = await upload('secretary', 'households', 'dup.csv', csv);
		expect(preview.status).toBe(200);
		expect(preview.body.errors).toEqual([{ row: 3, message: expect.stringMatching(/与第 2 行重复/) }]);
		const before = await codesOf(target.id);
		const applied = await upload('secretary', 'households', 'dup.csv', csv, { apply: '1' });
		expect(applied.status).toBe(400);
		expect(applied.body.errors).toEqual([{ row: 3, message: expect.stringMatching(/重复/) }]);
		expect(await codesOf(target.id)).toEqual(before);
	});

	it('gives a chief a row error for a building outside its grids', async () => {
		const csv = ledger([
			[target.compound, target.label, '1', '1', '101'],
			[outside.compound, outside.label, '1', '1', '101']
		]);
		const { status, body } = await upload('chief1', 'households', 'mixed.csv', csv);
		expect(status).toBe(200);
		expect(body.errors).toEqual([{ row: 3, message: expect.stringMatching(/不在你负责的网格内/) }]);
		expect(body.buildings.map((b: { id: string }) => b.id)).toEqual([target.id]);
	});

	it('refuses a file that is neither .xlsx nor .csv', async () => {
		const { status, body } = await upload('secretary', 'households', 'scan.pdf', '%PDF-1.4 not a sheet');
		expect(status).toBe(400);
		expect(body.error).toMatch(/^只支持 \.xlsx 或 \.csv 文件。/);
	});

	it('reads back its own .xlsx export with no errors and no change', async () => {
		const exported = await as('secretary').get(api('/exports/households.xlsx'));
		const bytes = new Uint8Array(await exported.arrayBuffer());
		const { status, body } = await upload('secretary', 'households', '住户台账.xlsx', bytes);
		expect(status).toBe(200);
		expect(body.errors).toEqual([]);
		expect(body.buildings.length).toBeGreaterThan(40);
		for (const building of body.buildings) expect(building.after).toBe(building.before);
	});

	it.each(['liaison01', 'property1', 'street1'])('refuses %s with 403', async (username) => {
		const { status } = await upload(username, 'households', '台账.csv', ledger([[target.compound, target.label, '1', '1', '101']]), { apply: '1' });
		expect(status).toBe(403);
	});
});

describe('spreadsheet bombs', () => {
	// Issue 12: the ledger import unzipped every entry with no bound; a small .xlsx could expand to gigabytes.
	const householdTotal = async () => (await db().select({ id: households.id }).from(households)).length;

	it.each([
		['declares its real size', xlsxBomb(200)],
		['lies about its size in every header', xlsxBomb(200, { lying: true })]
	])('refuses an .xlsx that expands to 200 MB and %s with 413, changing nothing', async (_, bomb) => {
		const before = await householdTotal();
		expect(bomb.length).toBeLessThan(1024 * 1024);
		for (const fields of [{}, { apply: '1' }] as Record<string, string>[]) {
			const { status, body } = await upload('secretary', 'households', '台账.xlsx', bomb, fields);
			expect(status).toBe(413);
			expect(body).toMatchObject({ code: 'error_xlsx_too_large', error: expect.stringMatching(/^Excel 文件解压后超过 50 MB/) });
		}
		expect(await householdTotal()).toBe(before);
	});

	it('refuses a ledger with more than 50,000 rows with 400 before reading it', async () => {
		const { status, body } = await upload('secretary', 'households', '台账.xlsx', xlsxManyRows(60_000));
		expect(status).toBe(400);
		expect(body).toMatchObject({ code: 'error_ledger_too_many_rows', error: '台账超过 50000 行，请拆分后再上传。' });
	});
});

