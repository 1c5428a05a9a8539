/**
 * Every role × every matter action, through the HTTP API: 200 where the policy allows, 403
 * where the role sees the matter but may not act, 404 where it may not even know the matter
 * exists. The table is written out by hand, so a policy change has to change it too. Refused
 * attempts change nothing.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MatterAction } from '../../../src/lib/domain/matters';
import { db } from '../../../src/lib/server/db';
import { matterEvents, matters } from '../../../src/lib/server/db/schema';
import { demoPlaces, type DemoPlaces } from '../../fixtures/demo-places';
import type { HttpClient } from '../../fixtures/http-client';
import { signInAll } from '../../fixtures/structure-places';
import { startTestServer, type TestServer } from '../../fixtures/test-server';

const roles = ['secretary', 'chief1', 'chief2', 'liaison01', 'liaison02', 'property1', 'property2', 'street1'] as const;
type Role = (typeof roles)[number];

/** A matter reported by liaison01 in its own building (chief1's grid, compound of 光明物业). */
const seesReported: Role[] = ['secretary', 'chief1', 'liaison01', 'street1'];
/** Once routed to 光明物业, its staff see it too. */
const seesRouted: Role[] = [...seesReported, 'property1'];

type Row = { action: MatterAction; from: 'reported' | 'routed' | 'accepted' | 'pending' | 'resolved'; body: Record<string, unknown>; allowed: Role[] };

const table: Row[] = [
	{ action: 'route', from: 'reported', body: { destination: { kind: 'property' } }, allowed: ['secretary'] },
	{ action: 'merge', from: 'reported', body: { into: 'TARGET' }, allowed: ['secretary'] },
	{ action: 'reject', from: 'reported', body: { reason: '重复上报' }, allowed: ['secretary'] },
	{ action: 'accept', from: 'routed', body: {}, allowed: ['property1'] },
	{ action: 'return', from: 'routed', body: { reason: '非本单位职责', reasonKind: 'not-our-duty' }, allowed: ['property1'] },
	{ action: 'remind', from: 'routed', body: {}, allowed: ['secretary', 'chief1'] },
	{ action: 'extend', from: 'accepted', body: { until: 'LATER', reason: '等待配件' }, allowed: ['property1'] },
	{ action: 'resolve', from: 'accepted', body: { note: '已处理' }, allowed: ['property1'] },
	{ action: 'decide-extension', from: 'pending', body: { approve: true }, allowed: ['secretary'] },
	{ action: 'verify', from: 'resolved', body: { pass: true }, allowed: ['secretary', 'chief1', 'liaison01'] }
];

let server: TestServer;
let places: DemoPlaces;
let clients: Map<string, HttpClient>;
let category: string;
let keys = 0;

beforeAll(async () => {
	server = await startTestServer();
	places = await demoPlaces();
	clients = await signInAll(server.url, [...roles]);
	category = (await as('liaison01').getJson(`/api/communities/${places.communityId}/matter-categories`)).body[0].id;
});
afterAll(() => server?.stop());

const as = (username: string) => clients.get(username)!;
const act = (username: string, id: string, body: Record<string, unknown>) => as(username).postJson(`/api/matters/${id}/actions`, body);

async function ok(answer: Promise<{ status: number; body: any }>) {
	const { status, body } = await answer;
	if (status >= 300) throw new Error(`setup step failed: ${status} ${JSON.stringify(body)}`);
	return body;
}

/** A matter brought to the row's starting status by the roles that may do each step. */
async function matterAt(from: Row['from'], options: { urgent?: boolean; buildingId?: string } = {}): Promise<{ id: string; dueAt: number | null }> {
	const { id } = await ok(
		as('liaison01').postJson(`/api/communities/${places.communityId}/matters`, {
			clientKey: `permission-${++keys}-${Date.now()}`,
			category,
			buildingId: options.buildingId ?? places.liaison01Buildings[0],
			description: '权限矩阵测试',
			urgent: options.urgent ?? false
		})
	);
	if (from === 'reported') return { id, dueAt: null };
	const routed = await ok(act('secretary', id, { action: 'route', destination: { kind: 'property' } }));
	if (from === 'routed') return { id, dueAt: routed.dueAt };
	await ok(act('property1', id, { action: 'accept' }));
	if (from === 'accepted') return { id, dueAt: routed.dueAt };
	if (from === 'pending') {
		await ok(act('property1', id, { action: 'extend', until: routed.dueAt + 86_400_000, reason: '等待配件' }));
		return { id, dueAt: routed.dueAt };
	}
	await ok(act('property1', id, { action: 'resolve', note: '已处理' }));
	return { id, dueAt: routed.dueAt };
}

async function bodyFor(row: Row, matter: { dueAt: number | null }): Promise<Record<string, unknown>> {
	const body = { action: row.action, ...row.body };
	if (row.body.into === 'TARGET') return { ...body, into: (await matterAt('reported')).id };
	if (row.body.until === 'LATER') return { ...body, until: matter.dueAt! + 86_400_000 };
	return body;
}

async function snapshot(id: string) {
	const [row] = await db().select().from(matters).where(eq(matters.id, id));
	const events = await db().select().from(matterEvents).where(eq(matterEvents.matterId, id));
	return { status: row.status, updatedAt: row.updatedAt.getTime(), events: events.length };
}

describe('who may take each action on a matter of liaison01’s building', () => {
	for (const row of table) {
		it(`${row.action} (from ${row.from}): ${row.allowed.join(', ')}`, async () => {
			const sees = row.from === 'reported' ? seesReported : seesRouted;
			const shared = await matterAt(row.from);
			const before = await snapshot(shared.id);
			for (const role of roles.filter((r) => !row.allowed.includes(r))) {
				const answer = await act(role, shared.id, await bodyFor(row, shared));
				expect(answer.status, `${role} ${row.action}`).toBe(sees.includes(role) ? 403 : 404);
				expect(answer.body.error, `${role} is told why`).toBeTruthy();
			}
			expect(await snapshot(shared.id)).toEqual(before);
			for (const role of row.allowed) {
				const matter = await matterAt(row.from);
				const answer = await act(role, matter.id, await bodyFor(row, matter));
				expect(answer.status, `${role} ${row.action}`).toBe(200);
			}
		});
	}
});

describe('who may see a matter', () => {
	it('before routing, and once routed to 光明物业', async () => {
		const reported = await matterAt('reported');
		const routed = await matterAt('routed');
		for (const role of roles) {
			expect((await as(role).getJson(`/api/matters/${reported.id}`)).status, `${role} reported`).toBe(seesReported.includes(role) ? 200 : 404);
			expect((await as(role).getJson(`/api/matters/${routed.id}`)).status, `${role} routed`).toBe(seesRouted.includes(role) ? 200 : 404);
		}
		expect((await as('secretary').getJson('/api/matters/no-such-matter')).status).toBe(404);
	});
});

describe('place: the urgent fast lane is the grid’s own chief’s', () => {
	it('chief1 routes an urgent matter of its grid at once; chief2 cannot even see it', async () => {
		const inGrid = await matterAt('reported', { urgent: true });
		expect((await act('chief2', inGrid.id, { action: 'route', destination: { kind: 'property' } })).status).toBe(404);
		expect((await act('chief1', inGrid.id, { action: 'route', destination: { kind: 'property' } })).status).toBe(200);
	});
});

describe('a community where the user has no standing', () => {
	it('lists and reports refuse with 403 before reading anything', async () => {
		const other = `/api/communities/not-a-community/matters`;
		expect((await as('secretary').getJson(other)).status).toBe(403);
		expect((await as('secretary').postJson(other, { clientKey: 'x'.repeat(10), category, description: 'x', buildingId: 'x' })).status).toBe(403);
		expect((await as('property1').getJson(`/api/communities/not-a-community/matter-categories`)).status).toBe(403);
	});
});
