import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../fixtures/http-client';
import { startTestServer, type TestServer } from '../fixtures/test-server';

let server: TestServer;
const clients = new Map<string, HttpClient>();

beforeAll(async () => {
	server = await startTestServer();
	for (const username of ['secretary', 'chief1', 'liaison01', 'property1', 'property2', 'street1']) {
		const client = new HttpClient(server.url);
		expect((await client.signIn(username)).status).toBe(303);
		clients.set(username, client);
	}
});
afterAll(() => server?.stop());

const as = (username: string) => clients.get(username)!;

describe('GET /healthz', () => {
	it('reports the database kind', async () => {
		const response = await fetch(`${server.url}/healthz`);
		expect(response.status).toBe(200);
		const body = await response.json();
		expect(body).toMatchObject({ ok: true, db: server.startup.db, redis: 'off' });
	});
});

describe('framing and security headers', () => {
	// Issue 12: no CSP and no frame-ancestors, so the people pages could be clickjacked.
	it('pages carry a CSP with frame-ancestors none and a nonce for the inline script, and never load in a frame', async () => {
		for (const path of ['/login', '/people', '/map']) {
			const response = await (path === '/login' ? new HttpClient(server.url) : as('secretary')).get(path);
			expect(response.status, path).toBe(200);
			const csp = response.headers.get('content-security-policy') ?? '';
			expect(csp, path).toContain("frame-ancestors 'none'");
			expect(csp, path).toMatch(/script-src 'self' 'nonce-[^']+'/);
			expect(csp, path).toContain("object-src 'none'");
			expect(response.headers.get('x-frame-options'), path).toBe('DENY');
			expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
		}
	});

	it('API answers are not framed either', async () => {
		const response = await as('secretary').get('/api/me');
		expect(response.headers.get('x-frame-options')).toBe('DENY');
	});
});

describe('GET /api/me', () => {
	it('answers 401 JSON when not signed in', async () => {
		const { status, body } = await new HttpClient(server.url).getJson('/api/me');
		expect(status).toBe(401);
		expect(body).toEqual({ code: 'error_not_signed_in', error: '未登录或登录已过期，请重新登录。' });
	});

	it('answers in English for a browser whose language cookie says so', async () => {
		const english = new HttpClient(server.url);
		english.cookies.set('PARAGLIDE_LOCALE', 'en');
		const { status, body } = await english.getJson('/api/me');
		expect(status).toBe(401);
		expect(body).toEqual({ code: 'error_not_signed_in', error: 'You are not signed in, or your session has expired. Please sign in again.' });
	});

	it.each([
		['secretary', 'secretary', 'communityId'],
		['chief1', 'chief', 'gridId'],
		['liaison01', 'liaison', 'microGridId'],
		['property1', 'property', 'orgId'],
		['street1', 'street', 'streetId']
	])('%s has role %s scoped by %s', async (username, role, scopeKey) => {
		const { status, body } = await as(username).getJson('/api/me');
		expect(status).toBe(200);
		expect(body.username).toBe(username);
		expect(body.roles).toEqual([role]);
		expect(body.memberships).toHaveLength(1);
		expect(typeof body.memberships[0][scopeKey]).toBe('string');
		expect(body).not.toHaveProperty('passwordHash');
	});
});

describe('GET /api/communities', () => {
	it.each(['secretary', 'chief1', 'liaison01', 'property1', 'property2', 'street1'])(
		'%s sees 乐雅社区 of 扬子津街道',
		async (username) => {
			const { status, body } = await as(username).getJson('/api/communities');
			expect(status).toBe(200);
			expect(body).toEqual([{ id: expect.any(String), name: '乐雅社区', streetName: '扬子津街道' }]);
		}
	);

	it('answers 401 when not signed in', async () => {
		expect((await new HttpClient(server.url).getJson('/api/communities')).status).toBe(401);
	});
});

describe('GET /api/communities/:id/structure', () => {
	it('gives members the grids, micro-grids, buildings and users with string ids', async () => {
		const [community] = (await as('secretary').getJson('/api/communities')).body;
		const { status, body } = await as('liaison01').getJson(`/api/communities/${community.id}/structure`);
		expect(status).toBe(200);
		expect(body.grids).toHaveLength(5);
		expect(body.microGrids).toHaveLength(31);
		expect(body.buildings).toHaveLength(45);
		const households = body.buildings.reduce((sum: number, b: { households: number }) => sum + b.households, 0);
		expect(households).toBeGreaterThan(2700);
		expect(households).toBeLessThan(2900);
		for (const grid of body.grids) {
			expect(typeof grid.id).toBe('string');
			expect(grid.chiefIds).toHaveLength(1);
		}
		for (const micro of body.microGrids) expect(micro.liaisonIds).toHaveLength(1);
		const gridIds = new Set(body.grids.map((g: { id: string }) => g.id));
		for (const building of body.buildings) expect(gridIds.has(building.gridId)).toBe(true);
		const roles = body.users.map((u: { role: string }) => u.role);
		expect(roles.filter((r: string) => r === 'liaison')).toHaveLength(31);
		expect(roles.filter((r: string) => r === 'chief')).toHaveLength(5);
		expect(roles).toContain('secretary');
	});

	it('lets the street office read it', async () => {
		const [community] = (await as('street1').getJson('/api/communities')).body;
		expect((await as('street1').getJson(`/api/communities/${community.id}/structure`)).status).toBe(200);
	});

	it('refuses a property company with 403 JSON', async () => {
		const [community] = (await as('property1').getJson('/api/communities')).body;
		const { status, body } = await as('property1').getJson(`/api/communities/${community.id}/structure`);
		expect(status).toBe(403);
		expect(body.error).toBeTruthy();
	});

	it('refuses an unknown community with 403 and a signed-out caller with 401', async () => {
		expect((await as('secretary').getJson('/api/communities/no-such-id/structure')).status).toBe(403);
		expect((await new HttpClient(server.url).getJson('/api/communities/x/structure')).status).toBe(401);
	});
});

describe('home pages', () => {
	it.each([
		['secretary', '社区概况'],
		['chief1', '我的网格'],
		['liaison01', '我负责的微网格'],
		['property1', '光明铂悦华府'],
		['street1', '乐雅社区']
	])('%s sees its own section (%s)', async (username, text) => {
		const response = await as(username).get('/');
		expect(response.status).toBe(200);
		expect(await response.text()).toContain(text);
	});

	it('shows a chief its liaisons with phone links', async () => {
		const html = await (await as('chief1').get('/')).text();
		expect(html.match(/href="tel:1\d{10}"/g)?.length).toBeGreaterThanOrEqual(7);
	});
});
