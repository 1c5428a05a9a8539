import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionCookieName, sessionIdOf } from '../../src/lib/server/auth';
import { db } from '../../src/lib/server/db';
import { loginThrottle, loginThrottleByAddress, sessions } from '../../src/lib/server/db/schema';
import { HttpClient } from '../fixtures/http-client';
import { startTestServer, type TestServer } from '../fixtures/test-server';

let server: TestServer;
beforeAll(async () => {
	server = await startTestServer();
});
afterAll(() => server?.stop());

const day = 24 * 60 * 60 * 1000;

async function sessionOf(client: HttpClient) {
	const token = client.cookies.get(sessionCookieName);
	expect(token, 'session cookie').toBeTruthy();
	const [row] = await db().select().from(sessions).where(eq(sessions.id, sessionIdOf(token!)));
	return row;
}

describe('sign-in', () => {
	it('signs a demo user in with an HttpOnly, SameSite=Lax cookie and redirects home', async () => {
		const client = new HttpClient(server.url);
		const response = await client.signIn('chief1');
		expect(response.status).toBe(303);
		expect(response.headers.get('location')).toBe('/');
		const cookie = response.headers.getSetCookie().find((c) => c.startsWith(`${sessionCookieName}=`))!;
		expect(cookie).toMatch(/HttpOnly/i);
		expect(cookie).toMatch(/SameSite=Lax/i);
		expect(cookie).not.toMatch(/Secure/i); // plain http on localhost
		const session = await sessionOf(client);
		expect(session.expiresAt.getTime()).toBeGreaterThan(Date.now() + 29 * day);
		const me = await client.getJson('/api/me');
		expect(me.body.username).toBe('chief1');
	});

	it('stores only the hash of the token', async () => {
		const client = new HttpClient(server.url);
		await client.signIn('liaison01');
		const token = client.cookies.get(sessionCookieName)!;
		const rows = await db().select().from(sessions).where(eq(sessions.id, token));
		expect(rows).toHaveLength(0);
		expect(await sessionOf(client)).toBeDefined();
	});

	it('answers a wrong password with a Chinese message and no session', async () => {
		const client = new HttpClient(server.url);
		const response = await client.signIn('liaison02', 'wrong-password');
		expect(response.status).toBe(400);
		expect(await response.text()).toContain('用户名或密码不正确');
		expect(client.cookies.has(sessionCookieName)).toBe(false);
	});

	it('gives an unknown user the same answer as a wrong password', async () => {
		const response = await new HttpClient(server.url).signIn('nobody-here', 'whatever1');
		expect(response.status).toBe(400);
		expect(await response.text()).toContain('用户名或密码不正确');
	});

	it('slows a username down after five failures, even for the right password', async () => {
		const client = new HttpClient(server.url);
		for (let i = 0; i < 5; i++) expect((await client.signIn('liaison03', 'nope')).status).toBe(400);
		const throttled = await client.signIn('liaison03');
		expect(throttled.status).toBe(429);
		expect(await throttled.text()).toMatch(/尝试次数过多.*30 秒后再试/);
		expect(client.cookies.has(sessionCookieName)).toBe(false);
		// another user is not affected
		expect((await new HttpClient(server.url).signIn('liaison04')).status).toBe(303);
		// once the wait has passed, the right password works and clears the count
		await db()
			.update(loginThrottle)
			.set({ lastFailureAt: new Date(Date.now() - 31_000) })
			.where(eq(loginThrottle.username, 'liaison03'));
		await db()
			.update(loginThrottleByAddress)
			.set({ lastFailureAt: new Date(Date.now() - 31_000) })
			.where(eq(loginThrottleByAddress.username, 'liaison03'));
		expect((await client.signIn('liaison03')).status).toBe(303);
		expect(await db().select().from(loginThrottle).where(eq(loginThrottle.username, 'liaison03'))).toHaveLength(0);
		expect(await db().select().from(loginThrottleByAddress).where(eq(loginThrottleByAddress.username, 'liaison03'))).toHaveLength(0);
	});
});

describe('where sign-in leads', () => {
	// Issue 12: /login?next=/%5Cevil.example sent a signed-in user to https://evil.example/.
	const attacks = ['/%5Cevil.example', '/%09/evil.example', '//evil.example', '/.//evil.example', 'https://evil.example/'];

	it('sends a signed-in visitor only to paths of this site', async () => {
		const client = new HttpClient(server.url);
		await client.signIn('chief2');
		for (const next of attacks) {
			const response = await client.get(`/login?next=${next}`);
			expect(response.status, next).toBe(303);
			expect(response.headers.get('location'), next).toBe('/');
		}
		expect((await client.get('/login?next=%2Ftasks%3Fx%3D1')).headers.get('location')).toBe('/tasks?x=1');
	});

	it('sends someone who just signed in only to paths of this site', async () => {
		for (const next of attacks) {
			const client = new HttpClient(server.url);
			const response = await client.postForm(`/login?next=${next}`, { username: 'chief3', password: 'demo1234' });
			expect(response.status, next).toBe(303);
			expect(response.headers.get('location'), next).toBe('/');
		}
	});
});

describe('sessions', () => {
	it('ends an expired session: the API answers 401 and the row is gone', async () => {
		const client = new HttpClient(server.url);
		await client.signIn('liaison05');
		const session = await sessionOf(client);
		await db().update(sessions).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(sessions.id, session.id));
		const me = await client.getJson('/api/me');
		expect(me.status).toBe(401);
		expect(me.body.error).toBeTruthy();
		expect(await db().select().from(sessions).where(eq(sessions.id, session.id))).toHaveLength(0);
	});

	it('renews a session that is used with less than half its time left', async () => {
		const client = new HttpClient(server.url);
		await client.signIn('liaison06');
		const session = await sessionOf(client);
		await db().update(sessions).set({ expiresAt: new Date(Date.now() + 10 * day) }).where(eq(sessions.id, session.id));
		expect((await client.getJson('/api/me')).status).toBe(200);
		const [renewed] = await db().select().from(sessions).where(eq(sessions.id, session.id));
		expect(renewed.expiresAt.getTime()).toBeGreaterThan(Date.now() + 29 * day);
	});

	it('sends a signed-out page visitor to the sign-in page', async () => {
		const response = await new HttpClient(server.url).get('/people');
		expect(response.status).toBe(303);
		expect(response.headers.get('location')).toBe('/login?next=%2Fpeople');
	});

	it('sign-out deletes the session on the server, so the old token stops working', async () => {
		const client = new HttpClient(server.url);
		await client.signIn('liaison07');
		const token = client.cookies.get(sessionCookieName)!;
		const response = await client.postForm('/logout', {});
		expect(response.status).toBe(303);
		expect(response.headers.get('location')).toBe('/login');
		expect(await db().select().from(sessions).where(eq(sessions.id, sessionIdOf(token)))).toHaveLength(0);
		const stale = new HttpClient(server.url);
		stale.cookies.set(sessionCookieName, token);
		expect((await stale.getJson('/api/me')).status).toBe(401);
	});

	it('refuses a cross-site form post', async () => {
		const response = await fetch(`${server.url}/login`, {
			method: 'POST',
			headers: { origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
			body: 'username=secretary&password=demo1234',
			redirect: 'manual'
		});
		expect(response.status).toBe(403);
		expect(response.headers.getSetCookie()).toHaveLength(0);
	});
});
