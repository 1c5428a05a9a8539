import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../../src/lib/server/db';
import { auditEvents, buildingPublicCodes, buildings } from '../../../src/lib/server/db/schema';
import { newId } from '../../../src/lib/server/ids';
import { resolvePublicCode } from '../../../src/lib/server/public/public-codes';
import { HttpClient } from '../../fixtures/http-client';
import { createForeignBuilding, footprintIn, signInAll, structurePlaces, type StructurePlaces } from '../../fixtures/structure-places';
import { startTestServer, type TestServer } from '../../fixtures/test-server';

let server: TestServer;
let places: StructurePlaces;
let clients: Map<string, HttpClient>;
/** A demo building in chief1's grid (liaison01's micro-grid) and one in another grid. */
let ownBuilding: string;
let otherGridBuilding: string;

beforeAll(async () => {
	server = await startTestServer();
	places = await structurePlaces();
	clients = await signInAll(server.url, ['secretary', 'chief1', 'chief2', 'liaison01', 'street1', 'property1']);
	const inMicro = (microGridId: string) =>
		db().select({ id: buildings.id }).from(buildings).where(eq(buildings.microGridId, microGridId)).orderBy(asc(buildings.label));
	ownBuilding = (await inMicro(places.grid1Micro[0].id))[0].id;
	otherGridBuilding = (await inMicro(places.otherMicro.id))[0].id;
});
afterAll(() => server?.stop());

const as = (username: string) => clients.get(username)!;
const detailPath = (id: string, communityId = places.communityId) => `/api/communities/${communityId}/buildings/${id}`;
const rotatePath = (id: string, communityId = places.communityId) => `${detailPath(id, communityId)}/public-code`;
const codesOf = (buildingId: string) => db().select().from(buildingPublicCodes).where(eq(buildingPublicCodes.buildingId, buildingId));
const currentCode = async (buildingId: string) => (await codesOf(buildingId)).find((row) => row.replacedAt === null)?.code ?? null;

describe('the QR code in GET buildings/:buildingId', () => {
	it('is not made by a reader who may not print the sign: a liaison, the street office, another grid’s chief see null', async () => {
		for (const username of ['liaison01', 'street1', 'chief2']) {
			const { status, body } = await as(username).getJson(detailPath(ownBuilding));
			expect(status).toBe(200);
			expect(body.publicCode).toBeNull();
		}
		expect(await codesOf(ownBuilding)).toHaveLength(0);
	});

	it('is made on the first read of the grid’s chief, and the secretary reads the same code', async () => {
		const chief = await as('chief1').getJson(detailPath(ownBuilding));
		expect(chief.status).toBe(200);
		expect(chief.body.publicCode).toMatch(/^[a-z2-7]{16}$/);
		expect(await currentCode(ownBuilding)).toBe(chief.body.publicCode);
		const secretary = await as('secretary').getJson(detailPath(ownBuilding));
		expect(secretary.body.publicCode).toBe(chief.body.publicCode);
		expect(await codesOf(ownBuilding)).toHaveLength(1);
		expect(await resolvePublicCode(chief.body.publicCode)).toEqual({ buildingId: ownBuilding, communityId: places.communityId, replaced: false });
	});

	it.each([
		['secretary', 'own', true],
		['chief1', 'own', true],
		['chief2', 'own', false],
		['liaison01', 'own', false],
		['street1', 'own', false],
		['secretary', 'other', true],
		['chief1', 'other', false],
		['chief2', 'other', true]
	])('%s reading a building of the %s grid gets a code: %s', async (username, which, shown) => {
		const id = which === 'own' ? ownBuilding : otherGridBuilding;
		const { status, body } = await as(username).getJson(detailPath(id));
		expect(status).toBe(200);
		if (shown) expect(body.publicCode).toBe(await currentCode(id));
		else expect(body.publicCode).toBeNull();
	});

	it('is null for a chief on a building outside every micro-grid; the secretary still gets one', async () => {
		const id = newId();
		await db().insert(buildings).values({
			id,
			communityId: places.communityId,
			label: '无网格楼',
			geometry: footprintIn(places.grid1Micro[0].geometry, 3, [0.00031, -0.00009]),
			units: 1,
			floors: 2,
			roomsPerFloor: 2
		});
		expect((await as('chief1').getJson(detailPath(id))).body.publicCode).toBeNull();
		expect((await as('secretary').getJson(detailPath(id))).body.publicCode).toMatch(/^[a-z2-7]{16}$/);
	});
});

describe('POST buildings/:buildingId/public-code (更换二维码)', () => {
	it('gives the secretary a new code; the old one then resolves as replaced, and the change is recorded', async () => {
		const before = (await as('secretary').getJson(detailPath(ownBuilding))).body.publicCode as string;
		const rotated = await as('secretary').postJson(rotatePath(ownBuilding), {});
		expect(rotated.status).toBe(200);
		expect(rotated.body).toEqual({ publicCode: expect.stringMatching(/^[a-z2-7]{16}$/) });
		expect(rotated.body.publicCode).not.toBe(before);
		expect(await resolvePublicCode(before)).toEqual({ buildingId: ownBuilding, communityId: places.communityId, replaced: true });
		expect(await resolvePublicCode(rotated.body.publicCode)).toEqual({ buildingId: ownBuilding, communityId: places.communityId, replaced: false });
		expect((await as('chief1').getJson(detailPath(ownBuilding))).body.publicCode).toBe(rotated.body.publicCode);
		const audit = await db()
			.select()
			.from(auditEvents)
			.where(and(eq(auditEvents.communityId, places.communityId), eq(auditEvents.action, 'building.public-code-rotate')));
		expect(audit).toHaveLength(1);
		expect(audit[0]).toMatchObject({ actorId: places.userIds.get('secretary'), detail: { buildingId: ownBuilding } });
	});

	it('works on a building that never had a code, and twice in a row leaves exactly one current code', async () => {
		const fresh = (await db().select({ id: buildings.id }).from(buildings).where(eq(buildings.microGridId, places.grid1Micro[1].id)))[0].id;
		expect(await codesOf(fresh)).toHaveLength(0);
		const [first, second] = await Promise.all([as('secretary').postJson(rotatePath(fresh), {}), as('secretary').postJson(rotatePath(fresh), {})]);
		expect([first.status, second.status]).toEqual([200, 200]);
		const rows = await codesOf(fresh);
		expect(rows).toHaveLength(2);
		expect(rows.filter((row) => row.replacedAt === null)).toHaveLength(1);
	});

	it('is refused (403) to the grid’s chief, a liaison, the street office and a property user, and changes nothing', async () => {
		const before = await currentCode(ownBuilding);
		for (const username of ['chief1', 'liaison01', 'street1', 'property1']) {
			const { status, body } = await as(username).postJson(rotatePath(ownBuilding), {});
			expect(status).toBe(403);
			expect(body.code).toBe(username === 'property1' ? 'error_community_forbidden' : 'error_public_side_forbidden');
		}
		expect((await as('chief1').postJson(rotatePath(ownBuilding), {})).body.error).toBe('只有社区书记可以管理公示内容（二维码、公开电话、服务热线）。');
		expect((await new HttpClient(server.url).postJson(rotatePath(ownBuilding), {})).status).toBe(401);
		expect(await currentCode(ownBuilding)).toBe(before);
		expect((await codesOf(ownBuilding)).length).toBe(2);
	});

	it('answers 404 for an unknown building and for another community’s building, and makes no code', async () => {
		expect((await as('secretary').postJson(rotatePath(newId()), {})).status).toBe(404);
		const { id: foreignId, communityId: otherCommunityId } = await createForeignBuilding();
		const refused = await as('secretary').postJson(rotatePath(foreignId), {});
		expect(refused.status).toBe(404);
		expect(refused.body.code).toBe('error_building_not_found');
		expect((await as('secretary').postJson(rotatePath(foreignId, otherCommunityId), {})).status).toBe(403);
		expect(await codesOf(foreignId)).toHaveLength(0);
	});
});
