import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../../src/lib/server/db';
import { auditEvents, buildings, communities, memberships, users } from '../../../src/lib/server/db/schema';
import { loadBuildingSigns } from '../../../src/lib/server/public/building-signs';
import { HttpClient } from '../../fixtures/http-client';
import { signInAll, structurePlaces, type StructurePlaces } from '../../fixtures/structure-places';
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
const userId = (username: string) => places.userIds.get(username)!;
const hotlineNow = async () => (await db().select({ hotline: communities.hotline }).from(communities).where(eq(communities.id, places.communityId)))[0].hotline;
const consentOf = async (username: string) => (await db().select({ publicContact: users.publicContact }).from(users).where(eq(users.id, userId(username))))[0].publicContact;
const settingsPath = () => `/api/communities/${places.communityId}/public-settings`;

describe('the demo community', () => {
	it('has a hotline and some consenting people, so its signs show phones and the hotline alike', async () => {
		expect(await hotlineNow()).toBe('0514-87221234');
		const consenting = await db().select({ username: users.username }).from(users).where(eq(users.publicContact, true));
		expect(consenting.map((u) => u.username).sort()).toEqual(['chief1', 'liaison01', 'property1']);

		const inMicro = async (index: number) =>
			(await db().select({ id: buildings.id }).from(buildings).where(eq(buildings.microGridId, places.grid1Micro[index].id)))[0].id;
		const [consenting1, private2] = await loadBuildingSigns(places.communityId, [await inMicro(0), await inMicro(1)]);
		expect(consenting1.liaisons).toEqual([{ name: expect.any(String), phone: expect.stringMatching(/^1\d{10}$/), partyMember: true }]);
		expect(consenting1.chiefs[0].phone).toMatch(/^1\d{10}$/);
		expect(private2.liaisons[0].phone).toBeNull();
		expect(private2.hotline).toBe('0514-87221234');
	});

	it('gives every compound’s property company a party member (红色物业)', async () => {
		const compoundBuildings = await db().selectDistinct({ compoundId: buildings.compoundId, id: buildings.id }).from(buildings).where(eq(buildings.communityId, places.communityId));
		const onePerCompound = [...new Map(compoundBuildings.map((b) => [b.compoundId, b.id])).values()];
		expect(onePerCompound).toHaveLength(2);
		const signs = await loadBuildingSigns(places.communityId, onePerCompound);
		for (const sign of signs) expect(sign.redProperty.length).toBeGreaterThan(0);
		const phones = signs.flatMap((sign) => sign.redProperty.map((p) => p.phone));
		expect(phones.some((phone) => phone === null)).toBe(true);
		expect(phones.some((phone) => phone !== null)).toBe(true);
	});
});

describe('consent to a public phone (公示电话) on the people pages', () => {
	const update = (client: HttpClient, username: string, fields: Record<string, string>) =>
		client.postForm(`/people/${userId(username)}?/update`, { displayName: '测试姓名', phone: '13900001111', affiliation: 'resident_volunteer', ...fields });
	/** The usernames of the list's rows that carry the 公示电话 badge. */
	const badgeNames = (html: string) =>
		html
			.split('<li')
			.filter((row) => row.includes('data-testid="person-public-contact-badge"'))
			.map((row) => /@([a-z0-9_.-]+)</.exec(row)?.[1]);

	it('the secretary sets and clears it; it is recorded and shown on the list and the person page', async () => {
		expect(await consentOf('liaison05')).toBe(false);
		expect((await update(as('secretary'), 'liaison05', { publicContact: 'on' })).status).toBe(200);
		expect(await consentOf('liaison05')).toBe(true);
		const [entry] = await db()
			.select()
			.from(auditEvents)
			.where(and(eq(auditEvents.targetUserId, userId('liaison05')), eq(auditEvents.action, 'user.update')));
		expect(entry.detail).toMatchObject({ publicContact: { from: false, to: true } });

		expect(badgeNames(await (await as('secretary').get('/people')).text())).toContain('liaison05');
		const person = await (await as('secretary').get(`/people/${userId('liaison05')}`)).text();
		expect(person).toMatch(/name="publicContact"[^>]*checked/);

		expect((await update(as('secretary'), 'liaison05', {})).status).toBe(200);
		expect(await consentOf('liaison05')).toBe(false);
		const after = await (await as('secretary').get(`/people/${userId('liaison05')}`)).text();
		expect(after).toContain('name="publicContact"');
		expect(after).not.toMatch(/name="publicContact"[^>]*checked/);
		expect(badgeNames(await (await as('secretary').get('/people')).text())).not.toContain('liaison05');
	});

	it('the list marks exactly the consenting people, also for a chief (read-only)', async () => {
		const secretaryList = await (await as('secretary').get('/people')).text();
		expect(badgeNames(secretaryList).sort()).toEqual(['chief1', 'liaison01', 'property1']);
		const chiefList = await (await as('chief1').get('/people')).text();
		expect(badgeNames(chiefList).sort()).toEqual(['chief1', 'liaison01']);
		const page = await (await as('chief1').get(`/people/${userId('liaison01')}`)).text();
		expect(page).toMatch(/data-testid="person-public-contact"[^>]*>同意公开/);
	});

	it('a chief cannot set it, not even through a hand-made form: 403 and nothing changes', async () => {
		expect(await consentOf('liaison02')).toBe(false);
		const response = await update(as('chief1'), 'liaison02', { publicContact: 'on' });
		expect(response.status).toBe(403);
		expect(await consentOf('liaison02')).toBe(false);
		expect((await update(as('chief1'), 'liaison01', {})).status).toBe(403);
		expect(await consentOf('liaison01')).toBe(true);
	});

	it('may be given when the secretary adds a person', async () => {
		const response = await as('secretary').postForm('/people/new', {
			displayName: '林同意',
			phone: '13911113333',
			username: 'consenting',
			affiliation: 'resident_volunteer',
			role: 'liaison',
			microGridId: places.grid1Micro[2].id,
			publicContact: 'on'
		});
		expect(response.status).toBe(200);
		const [row] = await db().select().from(users).where(eq(users.username, 'consenting'));
		expect(row.publicContact).toBe(true);
		expect(await db().select().from(memberships).where(eq(memberships.userId, row.id))).toHaveLength(1);
	});
});

describe('PATCH public-settings: the hotline (社区服务热线)', () => {
	it('the secretary sets it (trimmed), clears it, and each change is recorded', async () => {
		const saved = await as('secretary').patchJson(settingsPath(), { hotline: '  (0514) 8722-1234 ' });
		expect(saved).toEqual({ status: 200, body: { hotline: '(0514) 8722-1234' } });
		expect(await hotlineNow()).toBe('(0514) 8722-1234');
		const html = await (await as('secretary').get('/people')).text();
		expect(html).toContain('(0514) 8722-1234');
		expect((await as('secretary').patchJson(settingsPath(), { hotline: '+86 514 87221234' })).status).toBe(200);
		expect((await as('secretary').patchJson(settingsPath(), { hotline: '' })).body).toEqual({ hotline: '' });
		expect(await hotlineNow()).toBe('');
		const audit = await db()
			.select()
			.from(auditEvents)
			.where(and(eq(auditEvents.communityId, places.communityId), eq(auditEvents.action, 'community.hotline')));
		expect(audit.map((a) => a.detail)).toEqual(
			expect.arrayContaining([
				{ from: '0514-87221234', to: '(0514) 8722-1234' },
				{ from: '(0514) 8722-1234', to: '+86 514 87221234' },
				{ from: '+86 514 87221234', to: '' }
			])
		);
		expect((await as('secretary').patchJson(settingsPath(), { hotline: '0514-87221234' })).status).toBe(200);
	});

	it('is refused to a chief, a liaison and the street office (403), a property user (403) and the signed-out (401); nothing changes', async () => {
		for (const username of ['chief1', 'liaison01', 'street1', 'property1']) {
			const { status, body } = await as(username).patchJson(settingsPath(), { hotline: '110' });
			expect(status).toBe(403);
			expect(body.code).toBe(username === 'property1' ? 'error_community_forbidden' : 'error_public_side_forbidden');
		}
		expect((await new HttpClient(server.url).patchJson(settingsPath(), { hotline: '110' })).status).toBe(401);
		expect(await hotlineNow()).toBe('0514-87221234');
		const chiefPage = await (await as('chief1').get('/people')).text();
		expect(chiefPage).not.toContain('data-testid="people-hotline"');
	});

	it.each([
		[{ hotline: '1'.repeat(41) }, '社区服务热线最多 40 个字符。'],
		[{ hotline: '0514-8722abcd' }, '社区服务热线只能包含数字、空格、“-”、“+”和括号，且至少 3 位数字。'],
		[{ hotline: '<script>alert(1)</script>' }, '社区服务热线只能包含数字、空格、“-”、“+”和括号，且至少 3 位数字。'],
		[{ hotline: '--' }, '社区服务热线只能包含数字、空格、“-”、“+”和括号，且至少 3 位数字。'],
		[{ hotline: '0514\n8722' }, '社区服务热线只能包含数字、空格、“-”、“+”和括号，且至少 3 位数字。'],
		[{ hotline: 5148722 }, '社区服务热线只能包含数字、空格、“-”、“+”和括号，且至少 3 位数字。'],
		[{}, '社区服务热线只能包含数字、空格、“-”、“+”和括号，且至少 3 位数字。'],
		[[], '社区服务热线只能包含数字、空格、“-”、“+”和括号，且至少 3 位数字。']
	])('refuses %o with a clear message and changes nothing', async (body, message) => {
		const refused = await as('secretary').patchJson(settingsPath(), body);
		expect(refused.status).toBe(400);
		expect(refused.body.error).toBe(message);
		expect(await hotlineNow()).toBe('0514-87221234');
	});

	it('takes JSON only (a cross-site form cannot send it) and bounds the body', async () => {
		const form = await as('secretary').postForm(settingsPath(), { hotline: '110' });
		expect([403, 405, 415]).toContain(form.status);
		const response = await fetch(server.url + settingsPath(), {
			method: 'PATCH',
			headers: { cookie: as('secretary').cookieHeader(), origin: server.url, 'content-type': 'text/plain', accept: 'application/json' },
			body: JSON.stringify({ hotline: '110' })
		});
		expect([403, 415]).toContain(response.status);
		expect(await hotlineNow()).toBe('0514-87221234');
	});
});
