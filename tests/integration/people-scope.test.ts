import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../src/lib/server/db';
import { auditEvents, compounds, memberships, users } from '../../src/lib/server/db/schema';
import { newId } from '../../src/lib/server/ids';
import { HttpClient } from '../fixtures/http-client';
import { createOtherCommunity, signInAll, structurePlaces, type StructurePlaces } from '../fixtures/structure-places';
import { startTestServer, type TestServer } from '../fixtures/test-server';

// Issue 12: a secretary could make the street office's account a liaison, reset its password
// and so read every community of the street; likewise another company's property staff.
let server: TestServer;
let places: StructurePlaces;
let clients: Map<string, HttpClient>;
let other: Awaited<ReturnType<typeof createOtherCommunity>>;

beforeAll(async () => {
	server = await startTestServer();
	places = await structurePlaces();
	other = await createOtherCommunity();
	clients = await signInAll(server.url, ['secretary', 'street1', 'property1']);
});
afterAll(() => server?.stop());

const as = (username: string) => clients.get(username)!;
const idOf = async (username: string) => (await db().select({ id: users.id }).from(users).where(eq(users.username, username)))[0].id;
const rolesOf = async (userId: string) => db().select().from(memberships).where(eq(memberships.userId, userId));
const userRow = async (userId: string) => (await db().select().from(users).where(eq(users.id, userId)))[0];
const auditOf = (userId: string) => db().select().from(auditEvents).where(eq(auditEvents.targetUserId, userId));
const personPath = (userId: string, action?: string) => `/people/${userId}?${action ? `/${action}&` : ''}community=${places.communityId}`;

/** The state the old checkAssignable let a secretary reach: an outside account holding a role here too. */
async function plantLiaisonRole(userId: string) {
	await db().insert(memberships).values({ id: newId(), userId, role: 'liaison', communityId: places.communityId, microGridId: places.grid1Micro[1].id });
}

describe('assigning outside accounts from the map', () => {
	it('refuses to make the street office, property staff or another community\'s liaison a liaison or chief (400), changing nothing', async () => {
		for (const username of ['street1', 'property1']) {
			const userId = await idOf(username);
			const before = await rolesOf(userId);
			const liaison = await as('secretary').patchJson(`/api/communities/${places.communityId}/micro-grids/${places.grid1Micro[0].id}`, { liaisonIds: [userId] });
			expect(liaison.status, username).toBe(400);
			expect(liaison.body.userIds).toEqual([userId]);
			const chief = await as('secretary').patchJson(`/api/communities/${places.communityId}/grids/${places.grid1.id}`, { chiefIds: [userId] });
			expect(chief.status, username).toBe(400);
			expect(await rolesOf(userId)).toEqual(before);
		}
		const stranger = await as('secretary').patchJson(`/api/communities/${places.communityId}/micro-grids/${places.grid1Micro[0].id}`, { liaisonIds: [other.liaisonId] });
		expect(stranger.status).toBe(400);
	});
});

describe('managing people whose roles reach outside the community', () => {
	it('refuses to reset, disable, edit or give a role to the street office even when it holds a role here (403), and hides the buttons', async () => {
		const streetId = await idOf('street1');
		await plantLiaisonRole(streetId);
		const before = await userRow(streetId);
		const details = { displayName: '被改名', phone: '13900000000', affiliation: 'community_staff' };
		for (const [action, body] of [['resetPassword', {}], ['disable', {}], ['update', details], ['addRole', { role: 'chief', gridId: places.grid1.id }]] as const) {
			const response = await as('secretary').postForm(personPath(streetId, action), body);
			expect(response.status, action).toBe(403);
			expect(await response.text()).toContain('本社区以外任职');
		}
		expect(await userRow(streetId)).toEqual(before);
		expect((await rolesOf(streetId)).map((r) => r.role).sort()).toEqual(['liaison', 'street']);
		expect((await auditOf(streetId)).map((a) => a.action)).toEqual([]);
		expect((await as('street1').getJson('/api/me')).status).toBe(200);
		const page = await (await as('secretary').get(personPath(streetId))).text();
		expect(page).toContain('person-out-of-scope');
		expect(page).not.toContain('?/resetPassword');
		expect(page).not.toContain('?/disable');
		// Undoing the bad assignment stays possible (the page then no longer lists the person).
		const planted = (await rolesOf(streetId)).find((r) => r.role === 'liaison')!;
		await as('secretary').postForm(personPath(streetId, 'removeRole'), { membershipId: planted.id });
		expect((await rolesOf(streetId)).map((r) => r.role)).toEqual(['street']);
	});

	it('refuses to reset the staff of a property company that also works in another community', async () => {
		const propertyId = await idOf('property1');
		const [{ orgId }] = (await rolesOf(propertyId)).filter((r) => r.role === 'property');
		await db().insert(compounds).values({ id: newId(), communityId: other.communityId, name: '外社区小区', propertyOrgId: orgId });
		const before = await userRow(propertyId);
		const response = await as('secretary').postForm(personPath(propertyId, 'resetPassword'), {});
		expect(response.status).toBe(403);
		expect(await userRow(propertyId)).toEqual(before);
		expect((await as('property1').getJson('/api/me')).status).toBe(200);
		await db().delete(compounds).where(and(eq(compounds.communityId, other.communityId), eq(compounds.propertyOrgId, orgId!)));
	});

	it('still resets a liaison of the community', async () => {
		const liaisonId = await idOf('liaison05');
		const response = await as('secretary').postForm(personPath(liaisonId, 'resetPassword'), {});
		expect(response.status).toBe(200);
		expect((await auditOf(liaisonId)).map((a) => a.action)).toEqual(['user.password-reset']);
	});
});
