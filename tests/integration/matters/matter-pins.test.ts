/**
 * The map's pins (`GET /api/communities/:id/matter-pins`): who gets which pin, where it sits,
 * and how long a finished matter stays on the map. A building's list of open matters is the
 * matters list filtered by building and status, as the map's building panel asks for it.
 */
import { eq } from 'drizzle-orm';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { representativePoint } from '../../../src/lib/domain/geometry';
import { finishedPinDays } from '../../../src/lib/domain/matter-pins';
import { db } from '../../../src/lib/server/db';
import { buildings, matters } from '../../../src/lib/server/db/schema';
import { demoPlaces, type DemoPlaces } from '../../fixtures/demo-places';
import type { HttpClient } from '../../fixtures/http-client';
import { signInAll } from '../../fixtures/structure-places';
import { startTestServer, type TestServer } from '../../fixtures/test-server';

let server: TestServer;
let places: DemoPlaces;
let clients: Map<string, HttpClient>;
let category: string;

beforeAll(async () => {
	server = await startTestServer();
	places = await demoPlaces();
	clients = await signInAll(server.url, ['secretary', 'chief1', 'chief2', 'liaison01', 'liaison02', 'property1', 'property2', 'street1']);
	const { body } = await as('liaison01').getJson(api('/matter-categories'));
	category = body.find((c: { name: string }) => c.name === '楼道卫生').id;
});
afterAll(async () => {
	await server?.stop();
});

type Pin = { id: string; status: string; urgent: boolean; category: string; dueAt: number | null; point: [number, number] };

const as = (username: string) => clients.get(username)!;
const api = (rest: string) => `/api/communities/${places.communityId}${rest}`;
let keys = 0;
const report = (username: string, extra: Record<string, unknown> = {}) =>
	as(username).postJson(api('/matters'), {
		clientKey: `pins-key-${Date.now()}-${++keys}`,
		category,
		buildingId: places.liaison01Buildings[0],
		description: '单元门禁损坏，外来人员随意进出',
		...extra
	});
const pinsOf = async (username: string): Promise<Pin[]> => {
	const { status, body } = await as(username).getJson(api('/matter-pins'));
	expect(status).toBe(200);
	return body.pins;
};
const pinOf = async (username: string, id: string) => (await pinsOf(username)).find((p) => p.id === id);

async function geometryOf(buildingId: string) {
	const [row] = await db().select({ geometry: buildings.geometry }).from(buildings).where(eq(buildings.id, buildingId));
	return row.geometry!;
}

describe('who gets a pin', () => {
	it('a matter routed to 光明物业 is a pin for property1, not for property2; its grid sees it, another grid not', async () => {
		const { body } = await report('liaison01');
		expect((await as('secretary').postJson(`/api/matters/${body.id}/actions`, { action: 'route', destination: { kind: 'property' } })).status).toBe(200);
		const pin = await pinOf('property1', body.id);
		expect(pin).toMatchObject({ status: 'routed', urgent: false, category });
		expect(pin!.dueAt).toBeGreaterThan(Date.now());
		expect(await pinOf('property2', body.id)).toBeUndefined();
		for (const username of ['secretary', 'street1', 'chief1', 'liaison01']) expect(await pinOf(username, body.id), username).toBeDefined();
		for (const username of ['chief2', 'liaison02']) expect(await pinOf(username, body.id), username).toBeUndefined();
	});

	it('before routing, no company has the pin', async () => {
		const { body } = await report('liaison01');
		expect(await pinOf('property1', body.id)).toBeUndefined();
		expect(await pinOf('secretary', body.id)).toMatchObject({ status: 'reported', dueAt: null });
	});
});

describe('how long a pin stays', () => {
	it(`a closed matter stays ${finishedPinDays} days after its last change, then leaves the map; open ones stay however old`, async () => {
		const closedRecently = await report('liaison01', { handledOnSpot: true });
		const closedLongAgo = await report('liaison01', { handledOnSpot: true });
		const openLongAgo = await report('liaison01');
		const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000);
		await db().update(matters).set({ updatedAt: daysAgo(finishedPinDays - 1) }).where(eq(matters.id, closedRecently.body.id));
		await db().update(matters).set({ updatedAt: daysAgo(finishedPinDays + 1), reportedAt: daysAgo(40) }).where(eq(matters.id, closedLongAgo.body.id));
		await db().update(matters).set({ updatedAt: daysAgo(200), reportedAt: daysAgo(200) }).where(eq(matters.id, openLongAgo.body.id));
		const pins = await pinsOf('secretary');
		expect(pins.find((p) => p.id === closedRecently.body.id)).toMatchObject({ status: 'closed' });
		expect(pins.find((p) => p.id === closedLongAgo.body.id)).toBeUndefined();
		expect(pins.find((p) => p.id === openLongAgo.body.id)).toMatchObject({ status: 'reported' });
	});
});

describe('where a pin sits', () => {
	it("a building's matter at the building's representative point", async () => {
		const buildingId = places.liaison01Buildings[1] ?? places.liaison01Buildings[0];
		const { body } = await report('liaison01', { buildingId });
		const pin = await pinOf('liaison01', body.id);
		expect(pin!.point).toEqual(representativePoint(await geometryOf(buildingId)));
	});

	it('a matter reported at a point sits at that point', async () => {
		const [lng, lat] = representativePoint(await geometryOf(places.liaison01Buildings[0]));
		const point: [number, number] = [lng + 0.00001, lat + 0.00001];
		const reported = await report('liaison01', { buildingId: undefined, point });
		expect(reported.status).toBe(201);
		expect((await pinOf('liaison01', reported.body.id))!.point).toEqual(point);
	});
});

describe("a building's open matters", () => {
	it('the panel asks for one building and the open statuses: closed ones and other buildings stay out', async () => {
		const [here] = places.liaison01Buildings;
		const open = await report('liaison01', { buildingId: here });
		const closed = await report('liaison01', { buildingId: here, handledOnSpot: true });
		const elsewhere = await report('chief1', { buildingId: places.chief1OtherBuildings[0] });
		const { status, body } = await as('chief1').getJson(
			api(`/matters?buildingId=${here}&status=unverified,reported,routed,accepted,resolved`)
		);
		expect(status).toBe(200);
		const ids = body.matters.map((m: { id: string }) => m.id);
		expect(ids).toContain(open.body.id);
		expect(ids).not.toContain(closed.body.id);
		expect(ids).not.toContain(elsewhere.body.id);
		expect(body.matters.every((m: { buildingId: string }) => m.buildingId === here)).toBe(true);
		expect(body.matters.find((m: { id: string }) => m.id === open.body.id)).toMatchObject({ reporterName: expect.any(String), buildingLabel: expect.any(String) });
	});

	it("each row names its reporter, building and handler, and shows its first photo (the list's own, not another's)", async () => {
		const png = () => sharp({ create: { width: 40, height: 30, channels: 3, background: '#a44' } }).png().toBuffer();
		const uploaded = [];
		for (let i = 0; i < 2; i++) {
			const response = await as('liaison01').postMultipart(api('/photos'), { name: `p${i}.png`, bytes: await png(), type: 'image/png' });
			expect(response.status).toBe(201);
			uploaded.push(((await response.json()) as { id: string }).id);
		}
		const withPhotos = await report('liaison01', { photoIds: uploaded });
		expect(withPhotos.status).toBe(201);
		const without = await report('liaison01');
		await as('secretary').postJson(`/api/matters/${withPhotos.body.id}/actions`, { action: 'route', destination: { kind: 'property' } });
		const { body } = await as('secretary').getJson(api(`/matters?buildingId=${places.liaison01Buildings[0]}&limit=1000`));
		const row = (id: string) => body.matters.find((m: { id: string }) => m.id === id);
		expect(row(withPhotos.body.id)).toMatchObject({ coverPhoto: uploaded[0], reporterName: expect.any(String), destinationName: '光明物业' });
		expect(row(without.body.id)).toMatchObject({ coverPhoto: null, destinationName: null });
	});
});
