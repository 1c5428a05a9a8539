import { desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../../src/lib/server/db';
import { structureChanges } from '../../../src/lib/server/db/schema';
import { HttpClient } from '../../fixtures/http-client';
import { createUnassignedUser, footprintIn, signInAll, structurePlaces, type StructurePlaces } from '../../fixtures/structure-places';
import { SyncClient, waitFor } from '../../fixtures/sync-client';
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
const changesOf = (targetId: string) => db().select().from(structureChanges).where(eq(structureChanges.targetId, targetId)).orderBy(desc(structureChanges.at));

describe('history rows', () => {
	it('records who created, changed and deleted a building, with the record before and after', async () => {
		const micro = places.grid1Micro[0];
		const geometry = footprintIn(micro.geometry, 3, [0.0001, 0.0001]);
		const { body: created } = await as('chief1').postJson(api('/buildings'), { label: '史记楼', microGridId: micro.id, geometry, units: 1, floors: 2, roomsPerFloor: 2 });
		await as('secretary').patchJson(api(`/buildings/${created.id}`), { floors: 3 });
		await as('secretary').delete(api(`/buildings/${created.id}`));
		const rows = await changesOf(created.id);
		expect(rows.map((r) => [r.kind, r.action, r.actorId])).toEqual([
			['building', 'delete', places.userIds.get('secretary')],
			['building', 'update', places.userIds.get('secretary')],
			['building', 'create', places.userIds.get('chief1')]
		]);
		const [deleted, updated, made] = rows;
		const first = { label: '史记楼', microGridId: micro.id, compoundId: null, geometry, units: 1, floors: 2, roomsPerFloor: 2, households: 4 };
		expect(made).toMatchObject({ communityId: places.communityId, targetName: '史记楼', before: null, after: first });
		expect(updated).toMatchObject({ before: first, after: { ...first, floors: 3, households: 6 } });
		expect(deleted).toMatchObject({ before: { ...first, floors: 3, households: 6 }, after: null });
	});

	it('records liaison assignments as user ids before and after', async () => {
		const micro = places.grid1Micro[1];
		const newcomer = await createUnassignedUser('史新人');
		expect((await as('chief1').patchJson(api(`/micro-grids/${micro.id}`), { liaisonIds: [newcomer] })).status).toBe(200);
		const [row] = await changesOf(micro.id);
		expect(row).toMatchObject({ kind: 'microGrid', action: 'update', actorId: places.userIds.get('chief1') });
		expect((row.before as { liaisonIds: string[] }).liaisonIds).toHaveLength(1);
		expect((row.after as { liaisonIds: string[] }).liaisonIds).toEqual([newcomer]);
		expect((row.after as { geometry: unknown }).geometry).toEqual(micro.geometry);
	});

	it('writes nothing for a refused change', async () => {
		const before = (await db().select().from(structureChanges)).length;
		await as('liaison01').postJson(api('/buildings'), { label: '不该有', microGridId: places.grid1Micro[0].id, geometry: footprintIn(places.grid1Micro[0].geometry, 3), units: 1, floors: 1, roomsPerFloor: 1 });
		await as('chief1').postJson(api('/buildings'), { label: '不该有', microGridId: places.grid1Micro[0].id, geometry: { type: 'Polygon', coordinates: [] }, units: 1, floors: 1, roomsPerFloor: 1 });
		expect((await db().select().from(structureChanges)).length).toBe(before);
	});
});

describe('GET history', () => {
	it('gives the secretary the latest changes first with names, in pages', async () => {
		const micro = places.grid1Micro[0];
		for (const label of ['页楼1', '页楼2', '页楼3']) {
			const geometry = footprintIn(micro.geometry, 2, [0.00005 * Number(label.slice(-1)), -0.0001]);
			expect((await as('chief1').postJson(api('/buildings'), { label, microGridId: micro.id, geometry, units: 1, floors: 1, roomsPerFloor: 1 })).status).toBe(201);
		}
		const { status, body } = await as('secretary').getJson(api('/history?limit=2'));
		expect(status).toBe(200);
		expect(body.changes).toHaveLength(2);
		expect(body.changes[0]).toEqual({
			id: expect.any(String),
			at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
			actorId: places.userIds.get('chief1'),
			actorName: expect.any(String),
			kind: 'building',
			action: 'create',
			targetId: expect.any(String),
			targetName: '页楼3',
			before: null,
			after: expect.objectContaining({ label: '页楼3', households: 1 })
		});
		expect(body.changes[1].targetName).toBe('页楼2');
		const next = await as('secretary').getJson(api(`/history?limit=2&before=${body.changes[1].id}`));
		expect(next.body.changes[0].targetName).toBe('页楼1');
	});

	it.each(['chief1', 'liaison01', 'street1', 'property1'])('refuses %s with 403', async (username) => {
		expect((await as(username).getJson(api('/history'))).status).toBe(403);
	});

	it('refuses a bad limit with 400 and a signed-out visitor with 401', async () => {
		expect((await as('secretary').getJson(api('/history?limit=0'))).status).toBe(400);
		expect((await new HttpClient(server.url).getJson(api('/history'))).status).toBe(401);
	});
});

describe('live refresh', () => {
	it('bumps signals.structureVersion in the community document after a change, so open maps refetch', async () => {
		const watcher = SyncClient.forCommunity(server.url, places.communityId, as('street1').cookieHeader());
		try {
			await watcher.synced();
			const signals = watcher.doc.getMap('signals');
			const before = signals.get('structureVersion');
			const micro = places.grid1Micro[0];
			const { status } = await as('chief1').postJson(api('/buildings'), {
				label: '信号楼',
				microGridId: micro.id,
				geometry: footprintIn(micro.geometry, 2, [-0.0001, 0.0001]),
				units: 1,
				floors: 1,
				roomsPerFloor: 1
			});
			expect(status).toBe(201);
			await waitFor(() => signals.get('structureVersion') !== before, 5000, 'structureVersion to change');
			const seen = signals.get('structureVersion');
			expect(typeof seen).toBe('number');
			const etag = (await as('secretary').get(api('/map'))).headers.get('etag');
			await as('secretary').patchJson(api(`/micro-grids/${micro.id}`), { name: micro.name + '·' });
			await waitFor(() => signals.get('structureVersion') !== seen, 5000, 'a second bump');
			expect((await as('secretary').get(api('/map'), { 'if-none-match': etag! })).status).toBe(200);
		} finally {
			watcher.destroy();
		}
	});
});
