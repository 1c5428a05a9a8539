/**
 * Issue 17, the public side: a building's page `/b/<code>` (no account, no JavaScript) and a
 * resident's report through it. What the page shows (consenting phones only), where a report
 * lands (待核实, filed under the building's liaison), who sees the resident's phone, and that
 * refusals (bad input, forged photos, the throttle, old signs) store nothing.
 */
import { gzipSync } from 'node:zlib';
import { and, count, eq, inArray } from 'drizzle-orm';
import sharp from 'sharp';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { residentThrottle } from '../../../src/lib/domain/resident-reports';
import { db } from '../../../src/lib/server/db';
import { communities, matterEvents, matters, photos, publicReportThrottle, users } from '../../../src/lib/server/db/schema';
import { ensurePublicCodes, rotatePublicCode } from '../../../src/lib/server/public/public-codes';
import { demoPlaces, type DemoPlaces } from '../../fixtures/demo-places';
import { HttpClient } from '../../fixtures/http-client';
import { requestFrom } from '../../fixtures/local-address';
import { signInAll } from '../../fixtures/structure-places';
import { startTestServer, type TestServer } from '../../fixtures/test-server';

let server: TestServer;
let places: DemoPlaces;
let clients: Map<string, HttpClient>;
/** The sign code of liaison01's first building. */
let code: string;
let buildingId: string;
/** The sign code of a building of another micro-grid (liaison02's). */
let otherCode: string;
let category: string;

const hotline = '025-58880000';
const liaisonPhone = '13900001111';

beforeAll(async () => {
	server = await startTestServer();
	places = await demoPlaces();
	clients = await signInAll(server.url, ['secretary', 'chief1', 'chief2', 'liaison01', 'property1', 'street1']);
	buildingId = places.liaison01Buildings[0];
	code = (await ensurePublicCodes(places.communityId, [buildingId])).get(buildingId)!;
	const other = places.liaison02Buildings[0];
	otherCode = (await ensurePublicCodes(places.communityId, [other])).get(other)!;
	category = `${places.communityId}.facilities`;
	await db().update(communities).set({ hotline }).where(eq(communities.id, places.communityId));
	// liaison01 agreed to have its phone on the sign; chief1 did not.
	await db().update(users).set({ publicContact: true, phone: liaisonPhone }).where(eq(users.id, places.userIds.get('liaison01')!));
	await db().update(users).set({ publicContact: false, phone: '13900002222' }).where(eq(users.id, places.userIds.get('chief1')!));
});
afterAll(() => server?.stop());
// Every request of a test comes from 127.0.0.1 unless it says otherwise: each test starts with a fresh throttle.
beforeEach(() => db().delete(publicReportThrottle));

const as = (username: string) => clients.get(username)!;
const anonymous = () => new HttpClient(server.url);
const report = (body: unknown, reportCode = code) => anonymous().postJson(`/api/public/buildings/${reportCode}/reports`, body);
const matterCount = async () => (await db().select({ n: count() }).from(matters))[0].n;
const photoCount = async () => (await db().select({ n: count() }).from(photos))[0].n;
const residentMatters = () => db().select().from(matters).where(eq(matters.source, 'resident'));

const smallPng = (colour = '#a44') => sharp({ create: { width: 60, height: 40, channels: 3, background: colour } }).png().toBuffer();
async function uploadPhoto(photoCode = code, client = anonymous()) {
	const response = await client.postMultipart(`/api/public/buildings/${photoCode}/photos`, { name: 'p.png', bytes: await smallPng(), type: 'image/png' });
	return { status: response.status, body: await response.json() };
}
const valid = () => ({ category, description: `楼道灯坏了，晚上很黑 ${Math.random()}`, phone: '138 0013 8000' });

describe('the public page of a building', () => {
	it('opens signed out, shows the building, the consenting liaison with a call button, no unconsenting phone, and the hotline', async () => {
		const response = await anonymous().get(`/b/${code}`);
		expect(response.status).toBe(200);
		const html = await response.text();
		expect(html).toContain('反映问题');
		expect(html).toContain(`href="tel:${liaisonPhone}"`);
		expect(html).not.toContain('13900002222');
		expect(html).toContain('电话未公开，请拨社区热线');
		expect(html).toContain(`href="tel:02558880000"`);
		expect(html).toContain('光明物业');
		expect(html).toContain('enctype="multipart/form-data"');
		expect(html).toContain('公用设施');
	});

	it('ships under 60 KB of JavaScript, compressed (none at all: it works on any phone)', async () => {
		const html = await (await anonymous().get(`/b/${code}`)).text();
		const scripts = [...html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g), ...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)].map((match) => match[1]);
		const inline = [...html.matchAll(/<script(?![^>]*\ssrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((match) => match[1]);
		let bytes = inline.reduce((sum, text) => sum + gzipSync(text).byteLength, 0);
		for (const src of scripts) bytes += gzipSync(new Uint8Array(await (await fetch(new URL(src, server.url + `/b/${code}`))).arrayBuffer())).byteLength;
		expect(bytes).toBeLessThan(60 * 1024);
		expect(scripts).toEqual([]);
	});

	it('says a replaced sign has been replaced, with no form; an unknown code is a 404 in Chinese', async () => {
		const building = places.outsideChief1[0];
		const old = (await ensurePublicCodes(places.communityId, [building])).get(building)!;
		await rotatePublicCode(places.communityId, building);
		const replaced = await (await anonymous().get(`/b/${old}`)).text();
		expect(replaced).toContain('此公示牌已更换，请扫描楼道内新公示牌上的二维码');
		expect(replaced).not.toContain('<form');
		const refused = await report(valid(), old);
		expect(refused).toMatchObject({ status: 410, body: { code: 'error_public_code_replaced' } });

		const unknown = await anonymous().get('/b/aaaaaaaaaaaaaaaa');
		expect(unknown.status).toBe(404);
		expect(await unknown.text()).toContain('找不到这个公示牌');
		expect((await report(valid(), 'aaaaaaaaaaaaaaaa')).status).toBe(404);
		expect((await report(valid(), 'NOT-A-CODE')).status).toBe(404);
	});
});

describe("a resident's report", () => {
	it('lands 待核实 with source resident, filed under the building liaison, in its place, with the phone; liaison01 lists it', async () => {
		const photo = await uploadPhoto();
		expect(photo).toMatchObject({ status: 201, body: { id: expect.any(String) } });
		const body = { ...valid(), photoIds: [photo.body.id] };
		expect(await report(body)).toEqual({ status: 201, body: { ok: true } });

		const [row] = await db().select().from(matters).where(eq(matters.description, body.description));
		const [place] = await db().select().from(matters).where(eq(matters.id, row.id));
		expect(row).toMatchObject({
			source: 'resident',
			status: 'unverified',
			buildingId,
			reportedBy: places.userIds.get('liaison01'),
			residentPhone: '13800138000',
			categoryId: category
		});
		expect(place.gridId).toBeTruthy();
		expect(place.microGridId).toBeTruthy();
		const events = await db().select().from(matterEvents).where(eq(matterEvents.matterId, row.id));
		expect(events).toMatchObject([{ action: 'report', to: 'unverified', by: places.userIds.get('liaison01'), photoIds: [photo.body.id] }]);
		const [stored] = await db().select({ matterId: photos.matterId, publicCode: photos.publicCode }).from(photos).where(eq(photos.id, photo.body.id));
		expect(stored).toEqual({ matterId: row.id, publicCode: code });

		const list = await as('liaison01').getJson(`/api/communities/${places.communityId}/matters?status=unverified`);
		expect(list.body.matters.map((m: { id: string }) => m.id)).toContain(row.id);
		expect(list.body.matters.find((m: { id: string }) => m.id === row.id)).toMatchObject({ source: 'resident', status: 'unverified' });
		const page = await (await as('liaison01').get(`/matters/${row.id}`)).text();
		expect(page).toContain('居民扫码反映');
		expect(page).toContain('href="tel:13800138000"');

		// The liaison checks it on site (核实): it joins the 会商 queue.
		expect((await as('liaison01').postJson(`/api/matters/${row.id}/actions`, { action: 'confirm' })).body.status).toBe('reported');
	});

	it('is taken from the page form too (no JavaScript), photo included, and thanks the resident', async () => {
		const before = await matterCount();
		const form = new FormData();
		form.set('category', category);
		form.set('description', '单元门禁坏了，关不上');
		form.set('phone', '');
		form.set('photo', new Blob([await smallPng('#4a4')], { type: 'image/png' }), 'door.png');
		const response = await fetch(`${server.url}/b/${code}`, { method: 'POST', body: form, headers: { origin: server.url, accept: 'text/html' }, redirect: 'manual' });
		expect(response.status).toBe(303);
		expect(response.headers.get('location')).toBe(`/b/${code}?sent=1`);
		expect(await matterCount()).toBe(before + 1);
		const [row] = await db().select().from(matters).where(eq(matters.description, '单元门禁坏了，关不上'));
		expect(row).toMatchObject({ source: 'resident', status: 'unverified', residentPhone: null });
		expect((await db().select().from(photos).where(eq(photos.matterId, row.id))).length).toBe(1);
		expect(await (await anonymous().get(`/b/${code}?sent=1`)).text()).toContain('已收到，谢谢您');
	});

	it('refuses bad input with 400 and a clear message, storing nothing', async () => {
		const staffPhoto = await as('liaison01').postMultipart(`/api/communities/${places.communityId}/photos`, { name: 's.png', bytes: await smallPng(), type: 'image/png' });
		const staffPhotoId = (await staffPhoto.json()).id;
		const otherSignPhoto = (await uploadPhoto(otherCode)).body.id;
		expect(otherSignPhoto).toEqual(expect.any(String));
		const before = { matters: await matterCount(), photos: await photoCount() };
		const cases: [unknown, string][] = [
			[{ ...valid(), description: '长'.repeat(501) }, '5到500个字'],
			[{ ...valid(), description: '灯坏' }, '5到500个字'],
			[{ description: '楼道灯坏了很久了' }, '请选择问题类别'],
			[{ ...valid(), category: 'nope' }, '类别'],
			[{ ...valid(), phone: 'call me maybe' }, '电话号码格式不对'],
			[{ ...valid(), photoIds: [otherSignPhoto] }, '照片无法使用'],
			[{ ...valid(), photoIds: [staffPhotoId] }, '照片无法使用'],
			[{ ...valid(), photoIds: ['a', 'b', 'c', 'd'] }, '最多附3张照片'],
			[{ ...valid(), reportedBy: 'x' }, '格式不对'],
			['just text', '格式不对']
		];
		for (const [body, message] of cases) {
			const answer = await report(body);
			expect(answer.status, JSON.stringify(body).slice(0, 80)).toBe(400);
			expect(answer.body.error).toContain(message);
		}
		expect(await matterCount()).toBe(before.matters);
		expect(await photoCount()).toBe(before.photos);
		const unattached = await db().select({ matterId: photos.matterId }).from(photos).where(inArray(photos.id, [staffPhotoId, otherSignPhoto]));
		expect(unattached).toEqual([{ matterId: null }, { matterId: null }]);
	});

	it('refuses a body over 8 KB (413) and a form-encoded one (415)', async () => {
		const before = await matterCount();
		expect((await report({ ...valid(), description: '长'.repeat(5000) })).status).toBe(413);
		const form = await fetch(`${server.url}/api/public/buildings/${code}/reports`, { method: 'POST', body: new URLSearchParams({ category, description: '楼道灯坏了很久了' }), headers: { origin: server.url } });
		expect([403, 415]).toContain(form.status);
		expect(await matterCount()).toBe(before);
	});
});

describe('the throttle', () => {
	const post = (address: string, body: unknown = valid()) =>
		requestFrom(address, `${server.url}/api/public/buildings/${code}/reports`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

	it(`takes ${residentThrottle.reportsPerAddress.limit} reports an hour from one address, then 429 storing nothing; another address still gets through`, async () => {
		for (let i = 0; i < residentThrottle.reportsPerAddress.limit; i++) expect((await post('127.0.0.21')).status).toBe(201);
		const before = await matterCount();
		const refused = await post('127.0.0.21');
		expect(refused.status).toBe(429);
		expect(JSON.parse(refused.text).error).toContain('提交太频繁');
		expect(await matterCount()).toBe(before);
		expect((await post('127.0.0.22')).status).toBe(201);
	});

	it(`takes ${residentThrottle.reportsPerBuilding.limit} reports an hour for one building from any addresses, then 429`, async () => {
		const rule = residentThrottle.reportsPerBuilding;
		for (let i = 0; i < rule.limit; i++) expect((await post(`127.0.1.${i + 1}`)).status).toBe(201);
		const before = await matterCount();
		expect((await post('127.0.2.1')).status).toBe(429);
		expect(await matterCount()).toBe(before);
		// Another building's sign is counted apart.
		const other = await requestFrom('127.0.2.1', `${server.url}/api/public/buildings/${otherCode}/reports`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(valid()) });
		expect(other.status).toBe(201);
	});

	it('refuses the page form too once the sender has sent its fill, saying so, storing nothing, photo and all', async () => {
		for (let i = 0; i < residentThrottle.reportsPerAddress.limit; i++) expect((await report(valid())).status).toBe(201);
		const before = { matters: await matterCount(), photos: await photoCount() };
		const form = new FormData();
		form.set('category', category);
		form.set('description', '电梯又坏了，困了人');
		form.set('photo', new Blob([await smallPng('#44a')], { type: 'image/png' }), 'lift.png');
		const response = await fetch(`${server.url}/b/${code}`, { method: 'POST', body: form, headers: { origin: server.url, accept: 'text/html' } });
		expect(response.status).toBe(429);
		const html = await response.text();
		expect(html).toContain('提交太频繁');
		expect(html).toContain('电梯又坏了，困了人');
		expect({ matters: await matterCount(), photos: await photoCount() }).toEqual(before);
	});

	it('counts a refused report (bad input) against nobody, and counts two parallel senders exactly', async () => {
		for (let i = 0; i < 3; i++) expect((await post('127.0.3.1', { category })).status).toBe(400);
		const answers = await Promise.all(Array.from({ length: 8 }, () => post('127.0.3.1')));
		expect(answers.filter((a) => a.status === 201)).toHaveLength(residentThrottle.reportsPerAddress.limit);
		expect(answers.filter((a) => a.status === 429)).toHaveLength(8 - residentThrottle.reportsPerAddress.limit);
	});

	it(`takes ${residentThrottle.photosPerAddress.limit} photos an hour from one address, then 429 storing nothing`, async () => {
		for (let i = 0; i < residentThrottle.photosPerAddress.limit; i++) expect((await uploadPhoto()).status).toBe(201);
		const before = await photoCount();
		expect(await uploadPhoto()).toMatchObject({ status: 429, body: { code: 'error_public_throttled' } });
		expect(await photoCount()).toBe(before);
	});
});

describe("the resident's phone", () => {
	it('is seen by the building liaison, its chief and the secretary; not by the street office, the handling company or another grid', async () => {
		const body = { ...valid(), phone: '025-86660000' };
		expect((await report(body)).status).toBe(201);
		const [row] = await db().select().from(matters).where(and(eq(matters.description, body.description), eq(matters.source, 'resident')));
		const phoneFor = async (username: string) => {
			const answer = await as(username).getJson(`/api/matters/${row.id}`);
			return answer.status === 200 ? answer.body.residentPhone : answer.status;
		};
		for (const username of ['liaison01', 'chief1', 'secretary']) expect(await phoneFor(username), username).toBe('025-86660000');
		expect(await phoneFor('street1')).toBeNull();
		expect(await phoneFor('chief2')).toBe(404);

		await as('liaison01').postJson(`/api/matters/${row.id}/actions`, { action: 'confirm' });
		const routed = await as('secretary').postJson(`/api/matters/${row.id}/actions`, { action: 'route', destination: { kind: 'property' } });
		expect(routed.body.status).toBe('routed');
		expect(await phoneFor('property1')).toBeNull();
		expect(await (await as('property1').get(`/matters/${row.id}`)).text()).not.toContain('025-86660000');
		expect((await residentMatters()).length).toBeGreaterThan(0);
	});
});
