import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../src/lib/server/db';
import { auditEvents, memberships, users } from '../../src/lib/server/db/schema';
import { HttpClient } from '../fixtures/http-client';
import { startTestServer, type TestServer } from '../fixtures/test-server';

let server: TestServer;
let secretary: HttpClient;
let structure: {
	grids: { id: string; name: string }[];
	microGrids: { id: string; gridId: string; name: string }[];
	users: { id: string; username: string }[];
};

beforeAll(async () => {
	server = await startTestServer();
	secretary = new HttpClient(server.url);
	await secretary.signIn('secretary');
	const [community] = (await secretary.getJson('/api/communities')).body;
	structure = (await secretary.getJson(`/api/communities/${community.id}/structure`)).body;
});
afterAll(() => server?.stop());

const userId = (username: string) => structure.users.find((u) => u.username === username)!.id;
const auditOf = (targetUserId: string) => db().select().from(auditEvents).where(eq(auditEvents.targetUserId, targetUserId));

/** The one-time password travels in the action result the page hydrates with (the dialog is client-rendered). */
const initialPasswordIn = (html: string) => /password:"([a-z0-9]+)"/.exec(html)?.[1];

function newPerson(overrides: Record<string, string> = {}) {
	return {
		displayName: '赵晓雨',
		phone: '13911112222',
		username: 'zhaoxy',
		affiliation: 'resident_volunteer',
		partyMember: 'on',
		role: 'liaison',
		microGridId: structure.microGrids[0].id,
		...overrides
	};
}

describe('adding a person', () => {
	it('creates the person with role and scope, shows a one-time password that works, and records it', async () => {
		const response = await secretary.postForm('/people/new', newPerson());
		expect(response.status).toBe(200);
		const html = await response.text();
		const password = initialPasswordIn(html);
		expect(password).toMatch(/^[a-z0-9]{10}$/);
		const [created] = await db().select().from(users).where(eq(users.username, 'zhaoxy'));
		expect(created).toMatchObject({ displayName: '赵晓雨', partyMember: true, affiliation: 'resident_volunteer' });
		const roles = await db().select().from(memberships).where(eq(memberships.userId, created.id));
		expect(roles).toMatchObject([{ role: 'liaison', microGridId: structure.microGrids[0].id }]);
		expect((await new HttpClient(server.url).signIn('zhaoxy', password!)).status).toBe(303);
		const audit = await auditOf(created.id);
		expect(audit.map((a) => a.action)).toEqual(['user.create']);
		expect(audit[0].actorId).toBe(userId('secretary'));
	});

	it.each([
		[{ phone: '12345' }, '请输入 11 位手机号'],
		[{ displayName: '  ' }, '请填写姓名'],
		[{ username: 'Bad Name!' }, '用户名只能用小写字母'],
		[{ username: 'liaison01' }, '用户名“liaison01”已被使用'],
		[{ microGridId: '' }, '请选择微网格'],
		[{ microGridId: 'forged-micro-grid' }, '请选择微网格'],
		[{ role: 'chief', gridId: '' }, '请选择网格'],
		[{ role: 'street' }, '你没有权限'],
		[{ affiliation: 'property_staff' }, '物业人员请选择所属物业公司']
	])('refuses %o with a clear message and creates nothing', async (overrides, message) => {
		const username = `bad${Math.random().toString(36).slice(2, 8)}`;
		const response = await secretary.postForm('/people/new', newPerson({ username, ...overrides }));
		expect([400, 403]).toContain(response.status);
		expect(await response.text()).toContain(message);
		expect(await db().select().from(users).where(eq(users.username, username))).toHaveLength(0);
	});

	it('is refused to a chief and a liaison', async () => {
		for (const username of ['chief1', 'liaison05']) {
			const client = new HttpClient(server.url);
			await client.signIn(username);
			const response = await client.postForm('/people/new', newPerson({ username: `x${username}` }));
			expect(response.status).toBe(403);
			expect(await db().select().from(users).where(eq(users.username, `x${username}`))).toHaveLength(0);
		}
	});
});

describe('who sees the people page', () => {
	it('shows a chief only the people of its grid', async () => {
		const chief = new HttpClient(server.url);
		await chief.signIn('chief2');
		const html = await (await chief.get('/people')).text();
		expect(html).toContain('本网格人员');
		const usernames = [...html.matchAll(/@([a-z0-9_.-]+)</g)].map((m) => m[1]);
		expect(usernames).toContain('chief2');
		expect(usernames).toContain('liaison08');
		expect(usernames).not.toContain('liaison01');
		expect(usernames).not.toContain('secretary');
		expect(usernames).toHaveLength(7); // the chief and its six liaisons
	});

	it('refuses a liaison, a property user and the street with 403', async () => {
		for (const username of ['liaison01', 'property1', 'street1']) {
			const client = new HttpClient(server.url);
			await client.signIn(username);
			expect((await client.get('/people')).status).toBe(403);
		}
	});
});

describe('changing a person', () => {
	const action = (id: string, name: string) => `/people/${id}?/${name}`;

	it('disabling ends every session of the person at once and blocks sign-in', async () => {
		const target = new HttpClient(server.url);
		await target.signIn('liaison02');
		expect((await target.getJson('/api/me')).status).toBe(200);
		expect((await secretary.postForm(action(userId('liaison02'), 'disable'), {})).status).toBe(200);
		expect((await target.getJson('/api/me')).status).toBe(401);
		const again = await new HttpClient(server.url).signIn('liaison02');
		expect(again.status).toBe(400);
		expect(await again.text()).toContain('此账号已停用');
		expect((await secretary.postForm(action(userId('liaison02'), 'enable'), {})).status).toBe(200);
		expect((await new HttpClient(server.url).signIn('liaison02')).status).toBe(303);
		expect((await auditOf(userId('liaison02'))).map((a) => a.action).sort()).toEqual(['user.disable', 'user.enable']);
	});

	it('a secretary cannot disable itself', async () => {
		const response = await secretary.postForm(action(userId('secretary'), 'disable'), {});
		expect(response.status).toBe(400);
		expect(await response.text()).toContain('不能停用自己的账号');
	});

	it('resetting a password replaces it and ends sessions', async () => {
		const target = new HttpClient(server.url);
		await target.signIn('liaison09');
		const response = await secretary.postForm(action(userId('liaison09'), 'resetPassword'), {});
		expect(response.status).toBe(200);
		const password = initialPasswordIn(await response.text());
		expect(password).toBeTruthy();
		expect((await target.getJson('/api/me')).status).toBe(401);
		expect((await new HttpClient(server.url).signIn('liaison09')).status).toBe(400);
		expect((await new HttpClient(server.url).signIn('liaison09', password)).status).toBe(303);
	});

	it('gives and removes a role, scoped to a grid of the community', async () => {
		const id = userId('liaison10');
		const grid = structure.grids[1];
		expect((await secretary.postForm(action(id, 'addRole'), { role: 'chief', gridId: grid.id })).status).toBe(200);
		const [added] = await db().select().from(memberships).where(and(eq(memberships.userId, id), eq(memberships.role, 'chief')));
		expect(added.gridId).toBe(grid.id);
		const duplicate = await secretary.postForm(action(id, 'addRole'), { role: 'chief', gridId: grid.id });
		expect(await duplicate.text()).toContain('此人已经有这个角色');
		expect((await secretary.postForm(action(id, 'removeRole'), { membershipId: added.id })).status).toBe(200);
		expect(await db().select().from(memberships).where(eq(memberships.id, added.id))).toHaveLength(0);
		expect((await auditOf(id)).map((a) => a.action).sort()).toEqual(['role.add', 'role.remove']);
	});

	it('updates details and records what changed', async () => {
		const id = userId('liaison11');
		const response = await secretary.postForm(action(id, 'update'), {
			displayName: '新名字',
			phone: '18800001111',
			affiliation: 'resident_volunteer'
		});
		expect(response.status).toBe(200);
		const [row] = await db().select().from(users).where(eq(users.id, id));
		expect(row).toMatchObject({ displayName: '新名字', phone: '18800001111', partyMember: false });
		const [entry] = await auditOf(id);
		expect(entry.action).toBe('user.update');
		expect(entry.detail).toMatchObject({ displayName: { to: '新名字' }, phone: { to: '18800001111' } });
	});

	it('refuses every change from a chief', async () => {
		const chief = new HttpClient(server.url);
		await chief.signIn('chief1');
		const id = userId('liaison01');
		for (const name of ['disable', 'resetPassword', 'update']) {
			expect((await chief.postForm(action(id, name), { displayName: 'x', phone: '13900000000', affiliation: 'resident_volunteer' })).status).toBe(403);
		}
		const [row] = await db().select().from(users).where(eq(users.id, id));
		expect(row.disabledAt).toBeNull();
		expect(await auditOf(id)).toHaveLength(0);
	});
});
