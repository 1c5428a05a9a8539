import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../src/lib/server/db';
import { users } from '../../src/lib/server/db/schema';
import { HttpClient } from '../fixtures/http-client';
import { startTestServer, type TestServer } from '../fixtures/test-server';

// Issue 12: a one-time password (new account, reset) stayed the password for ever.
let server: TestServer;
let secretary: HttpClient;
let communityId: string;
let microGridId: string;

beforeAll(async () => {
	server = await startTestServer();
	secretary = new HttpClient(server.url);
	await secretary.signIn('secretary');
	communityId = (await secretary.getJson('/api/communities')).body[0].id;
	microGridId = (await secretary.getJson(`/api/communities/${communityId}/structure`)).body.microGrids[0].id;
});
afterAll(() => server?.stop());

const oneTimePasswordIn = (html: string) => /password:"([a-z0-9]+)"/.exec(html)?.[1];
const userRow = async (username: string) => (await db().select().from(users).where(eq(users.username, username)))[0];

async function newPerson(username: string): Promise<string> {
	const response = await secretary.postForm('/people/new', {
		displayName: '钱新人',
		phone: '13911113333',
		username,
		affiliation: 'resident_volunteer',
		role: 'liaison',
		microGridId
	});
	return oneTimePasswordIn(await response.text())!;
}

describe('one-time passwords', () => {
	it('lead every page to the change page and refuse the API until a password of one\'s own is set', async () => {
		const password = await newPerson('qianxr');
		expect((await userRow('qianxr')).mustChangePassword).toBe(true);
		const person = new HttpClient(server.url);
		expect((await person.signIn('qianxr', password)).status).toBe(303);
		for (const path of ['/', '/tasks', '/map', '/people']) {
			const response = await person.get(path);
			expect(response.status, path).toBe(303);
			expect(response.headers.get('location'), path).toBe('/account/password');
		}
		const api = await person.getJson('/api/me');
		expect(api.status).toBe(403);
		expect(api.body.error).toMatch(/一次性密码/);
		const page = await person.get('/account/password');
		expect(page.status).toBe(200);
		expect(await page.text()).toContain('password-required');
	});

	it('refuse a wrong current password, a mismatch, the username and a short one (400), changing nothing', async () => {
		const password = await newPerson('sunxr');
		const person = new HttpClient(server.url);
		await person.signIn('sunxr', password);
		const before = await userRow('sunxr');
		for (const [fields, message] of [
			[{ current: 'wrong-one', next: 'lane-2026-grid', repeat: 'lane-2026-grid' }, '当前密码不正确'],
			[{ current: password, next: 'lane-2026-grid', repeat: 'lane-2026-gird' }, '不一致'],
			[{ current: password, next: 'sunxr', repeat: 'sunxr' }, '至少需要 8 个字符'],
			[{ current: password, next: 'short', repeat: 'short' }, '至少需要 8 个字符']
		] as const) {
			const response = await person.postForm('/account/password', fields);
			expect(response.status).toBe(400);
			expect(await response.text()).toContain(message);
		}
		expect(await userRow('sunxr')).toEqual(before);
	});

	it('once changed: the flag is cleared, the new password works, the old one not, and other sessions are ended', async () => {
		const password = await newPerson('lixr');
		const first = new HttpClient(server.url);
		const second = new HttpClient(server.url);
		await first.signIn('lixr', password);
		await second.signIn('lixr', password);
		const response = await first.postForm('/account/password', { current: password, next: 'lane-2026-grid', repeat: 'lane-2026-grid' });
		expect(response.status).toBe(303);
		expect(response.headers.get('location')).toBe('/?password=changed');
		expect((await userRow('lixr')).mustChangePassword).toBe(false);
		expect((await first.getJson('/api/me')).status).toBe(200);
		expect((await second.getJson('/api/me')).status).toBe(401);
		expect((await new HttpClient(server.url).signIn('lixr', password)).status).toBe(400);
		expect((await new HttpClient(server.url).signIn('lixr', 'lane-2026-grid')).status).toBe(303);
	});

	it('come back with a reset, while demo accounts are never forced to change', async () => {
		const id = (await userRow('liaison07')).id;
		expect((await userRow('liaison07')).mustChangePassword).toBe(false);
		const demo = new HttpClient(server.url);
		await demo.signIn('liaison07');
		expect((await demo.get('/')).status).toBe(200);
		const reset = await secretary.postForm(`/people/${id}?/resetPassword&community=${communityId}`, {});
		const password = oneTimePasswordIn(await reset.text())!;
		expect((await userRow('liaison07')).mustChangePassword).toBe(true);
		const again = new HttpClient(server.url);
		await again.signIn('liaison07', password);
		expect((await again.get('/')).headers.get('location')).toBe('/account/password');
	});
});
