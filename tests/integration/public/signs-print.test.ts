/**
 * `/signs`, the print page of the 公示牌, over HTTP against the built server: the secretary and a
 * chief (its grids) get one sign per building (or per micro-grid), each with a QR code of the
 * building's current public code; a chief asking for another grid, a liaison, the street office,
 * a property company are refused in Chinese before anything is made; bad and unknown ids are told
 * apart. Phones appear only with consent; without it the community hotline stands in.
 */
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../../src/lib/server/db';
import { buildingPublicCodes, buildings, communities, grids, memberships, microGrids, users } from '../../../src/lib/server/db/schema';
import { demoPlaces, type DemoPlaces } from '../../fixtures/demo-places';
import type { HttpClient } from '../../fixtures/http-client';
import { createOtherCommunity, signInAll } from '../../fixtures/structure-places';
import { startTestServer, type TestServer } from '../../fixtures/test-server';

let server: TestServer;
let places: DemoPlaces;
let clients: Map<string, HttpClient>;
let chief1Grid: string;
let otherGrid: string;
let otherCommunityGrid: string;
const hotline = '0514-87654321';

const as = (username: string) => clients.get(username)!;
async function signsPage(username: string, query: string) {
	const response = await as(username).get(`/signs?${query}`);
	const html = await response.text();
	return { status: response.status, html, signs: html.match(/data-testid="sign"[\s>]/g)?.length ?? 0 };
}
/** The QR links printed in a page, in order. */
const qrUrls = (html: string) => [...html.matchAll(/data-testid="sign-qr" data-url="([^"]+)"/g)].map((m) => m[1]);

async function buildingsOfGrid(gridId: string) {
	return db()
		.select({ id: buildings.id, microGridId: buildings.microGridId })
		.from(buildings)
		.innerJoin(microGrids, eq(microGrids.id, buildings.microGridId))
		.where(eq(microGrids.gridId, gridId));
}
async function codesOf(buildingIds: string[]) {
	const rows = await db()
		.select({ buildingId: buildingPublicCodes.buildingId, code: buildingPublicCodes.code })
		.from(buildingPublicCodes)
		.where(and(inArray(buildingPublicCodes.buildingId, buildingIds), isNull(buildingPublicCodes.replacedAt)));
	return new Map(rows.map((r) => [r.buildingId, r.code]));
}

beforeAll(async () => {
	server = await startTestServer();
	places = await demoPlaces();
	clients = await signInAll(server.url, ['secretary', 'chief1', 'liaison01', 'street1', 'property1']);
	const [chief] = await db().select().from(memberships).where(eq(memberships.userId, places.userIds.get('chief1')!));
	chief1Grid = chief.gridId!;
	const all = await db().select({ id: grids.id }).from(grids).where(eq(grids.communityId, places.communityId));
	otherGrid = all.find((g) => g.id !== chief1Grid)!.id;
	otherCommunityGrid = (await createOtherCommunity()).gridId;
});
afterAll(async () => {
	await server?.stop();
});

describe('who gets which signs', () => {
	it('the secretary and chief1 print chief1’s grid: one sign per building, each with its current code', async () => {
		const expected = await buildingsOfGrid(chief1Grid);
		expect(expected.length).toBeGreaterThan(1);
		for (const who of ['secretary', 'chief1']) {
			const page = await signsPage(who, `gridId=${chief1Grid}`);
			expect(page.status, who).toBe(200);
			expect(page.signs, who).toBe(expected.length);
			expect(page.html).toContain(`共 ${expected.length} 张`);
		}
		const urls = qrUrls((await signsPage('chief1', `gridId=${chief1Grid}`)).html);
		expect(urls).toHaveLength(expected.length);
		const codes = await codesOf(expected.map((b) => b.id));
		expect(new Set(urls)).toEqual(new Set([...codes.values()].map((code) => `${server.url}/b/${code}`)));
		for (const url of urls) expect(url).toMatch(/\/b\/[a-z2-7]{16}$/);
	});

	it('the people page links to the signs of each grid the viewer prints, and only those', async () => {
		const links = async (who: string) => {
			const html = await (await as(who).get('/people')).text();
			return [...html.matchAll(/href="\/signs\?([^"]+)"/g)].map((m) => new URLSearchParams(m[1].replaceAll('&amp;', '&')).get('gridId'));
		};
		const all = await db().select({ id: grids.id }).from(grids).where(eq(grids.communityId, places.communityId));
		expect(new Set(await links('secretary'))).toEqual(new Set(all.map((g) => g.id)));
		expect(await links('chief1')).toEqual([chief1Grid]);
	});

	it('one sign per micro-grid carries a code for each of its buildings', async () => {
		const expected = await buildingsOfGrid(chief1Grid);
		const page = await signsPage('chief1', `gridId=${chief1Grid}&per=microGrid&size=A5`);
		expect(page.status).toBe(200);
		expect(page.signs).toBe(new Set(expected.map((b) => b.microGridId)).size);
		expect(qrUrls(page.html)).toHaveLength(expected.length);
		expect(page.html).toContain('data-size="A5"');
		expect(page.html).toContain('size: A5 portrait');
	});

	it('a chief asking for another grid, or a building in it, is refused in Chinese and no code is made', async () => {
		const outside = (await buildingsOfGrid(otherGrid)).map((b) => b.id);
		for (const query of [`gridId=${otherGrid}`, `buildingId=${outside[0]}`, `buildingId=${outside[0]}&per=microGrid`]) {
			const page = await signsPage('chief1', query);
			expect(page.status, query).toBe(403);
			expect(page.html).toContain('您只能打印自己所管网格的公示牌。');
			expect(page.signs).toBe(0);
		}
		expect((await codesOf(outside)).size).toBe(0);
	});

	it('a liaison, the street office and a property company may print none', async () => {
		for (const who of ['liaison01', 'street1', 'property1']) {
			const page = await signsPage(who, `gridId=${chief1Grid}`);
			expect(page.status, who).toBe(403);
			expect(page.html, who).toContain('只有社区书记和网格长可以打印公示牌。');
		}
		// Even a malformed query: who may print nothing learns nothing about the query.
		expect((await signsPage('liaison01', 'gridId=%3Cscript%3E')).status).toBe(403);
	});

	it('the signed-out are sent to sign in', async () => {
		const response = await fetch(`${server.url}/signs?gridId=${chief1Grid}`, { redirect: 'manual' });
		expect(response.status).toBe(303);
		expect(response.headers.get('location')).toMatch(/^\/login\?next=/);
	});
});

describe('bad and unknown places', () => {
	it.each([
		['nothing named', ''],
		['both a grid and a building', 'gridId=a&buildingId=b'],
		['a malformed id', 'gridId=%3Cscript%3E'],
		['a far too long id', `gridId=${'a'.repeat(65)}`],
		['an unknown size', 'gridId=a&size=A3'],
		['an unknown grouping', 'gridId=a&per=street']
	])('%s: 400 with a Chinese message', async (_, query) => {
		const page = await signsPage('secretary', query);
		expect(page.status).toBe(400);
		expect(page.html).toContain('打印公示牌的参数不对');
	});

	it('an unknown grid, another community’s grid, an unknown building: 404 with a Chinese message', async () => {
		for (const query of ['gridId=nosuchgrid0000000', `gridId=${otherCommunityGrid}`]) {
			const page = await signsPage('secretary', query);
			expect(page.status, query).toBe(404);
			expect(page.html).toContain('本社区没有这个网格');
		}
		const building = await signsPage('secretary', 'buildingId=nosuchbuilding000');
		expect(building.status).toBe(404);
		expect(building.html).toContain('本社区没有这栋楼');
	});
});

describe('phones on a sign', () => {
	it('a consenting liaison’s phone is printed; a chief without consent gets the community hotline', async () => {
		const [liaison] = await db().select().from(users).where(eq(users.id, places.userIds.get('liaison01')!));
		const [chief] = await db().select().from(users).where(eq(users.id, places.userIds.get('chief1')!));
		expect(liaison.phone).not.toBe('');
		expect(chief.phone).not.toBe('');
		const building = places.liaison01Buildings[0];

		// No consent, no hotline yet (the demo seeds both; taken back here): neither phone, and the
		// page says the hotline is missing.
		await db().update(users).set({ publicContact: false }).where(inArray(users.id, [liaison.id, chief.id]));
		await db().update(communities).set({ hotline: '' }).where(eq(communities.id, places.communityId));
		const before = await signsPage('chief1', `buildingId=${building}`);
		expect(before.html).not.toContain(liaison.phone);
		expect(before.html).not.toContain(chief.phone);
		expect(before.html).toContain('data-testid="signs-hotline-missing"');

		await db().update(users).set({ publicContact: true }).where(eq(users.id, liaison.id));
		await db().update(users).set({ publicContact: false }).where(eq(users.id, chief.id));
		await db().update(communities).set({ hotline }).where(eq(communities.id, places.communityId));
		const after = await signsPage('chief1', `buildingId=${building}`);
		expect(after.status).toBe(200);
		expect(after.signs).toBe(1);
		expect(after.html).toContain(`data-testid="sign-phone">${liaison.phone}<`);
		expect(after.html).not.toContain(chief.phone);
		expect(after.html).toMatch(new RegExp(`data-testid="sign-chiefs"[\\s\\S]*sign-phone-hotline[\\s\\S]*${hotline}`));
		expect(after.html).not.toContain('data-testid="signs-hotline-missing"');
	});
});
