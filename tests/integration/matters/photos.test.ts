import { and, count, eq, isNull } from 'drizzle-orm';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matterLimits } from '../../../src/lib/domain/matter-view';
import { db } from '../../../src/lib/server/db';
import { memberships, photos } from '../../../src/lib/server/db/schema';
import { unattachedPhotoQuota } from '../../../src/lib/server/matters/photo-store';
import { HttpClient } from '../../fixtures/http-client';
import { insertBareMatter } from '../../fixtures/matter-rows';
import { createOtherCommunity, signInAll, structurePlaces, type StructurePlaces } from '../../fixtures/structure-places';
import { startTestServer, type TestServer } from '../../fixtures/test-server';

let server: TestServer;
let places: StructurePlaces;
let clients: Map<string, HttpClient>;
/** A liaison of a micro-grid in another grid than liaison01's. */
let farLiaison: string;

beforeAll(async () => {
	server = await startTestServer();
	places = await structurePlaces();
	const [far] = await db().select({ userId: memberships.userId }).from(memberships).where(eq(memberships.microGridId, places.otherMicro.id));
	farLiaison = [...places.userIds].find(([, id]) => id === far.userId)![0];
	clients = await signInAll(server.url, ['secretary', 'chief1', 'liaison01', 'liaison05', farLiaison, 'street1', 'property1']);
});
afterAll(() => server?.stop());

const as = (username: string) => clients.get(username)!;
const photosOf = (communityId: string) => `/api/communities/${communityId}/photos`;
const photoCount = async () => (await db().select({ n: count() }).from(photos))[0].n;

const gpsJpeg = () =>
	sharp({ create: { width: 3000, height: 2000, channels: 3, background: '#468' } })
		.jpeg()
		.withExif({
			IFD0: { Make: 'TestPhone' },
			IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '32/1 21/1 3600/100', GPSLongitudeRef: 'E', GPSLongitude: '119/1 24/1 0/1' }
		})
		.toBuffer();
const smallPng = () => sharp({ create: { width: 40, height: 30, channels: 3, background: '#a44' } }).png().toBuffer();

async function upload(client: HttpClient, bytes: Uint8Array, name = 'photo.jpg', communityId = places.communityId) {
	const response = await client.postMultipart(photosOf(communityId), { name, bytes, type: 'image/jpeg' });
	return { status: response.status, body: await response.json() };
}

async function download(client: HttpClient, id: string, size?: string) {
	const response = await client.get(`/api/photos/${id}${size ? `?size=${size}` : ''}`, { accept: 'image/*' });
	return { response, bytes: new Uint8Array(await response.arrayBuffer()) };
}

describe('uploading a photo', () => {
	it('stores it re-encoded: no EXIF or GPS, longest side bounded, a smaller thumbnail, cached for good', async () => {
		const input = await gpsJpeg();
		expect((await sharp(input).metadata()).exif).toBeDefined();
		const { status, body } = await upload(as('liaison01'), input);
		expect(status).toBe(201);
		expect(body).toEqual({ id: expect.any(String), width: matterLimits.photoSide, height: 1365 });

		const full = await download(as('liaison01'), body.id);
		expect(full.response.status).toBe(200);
		expect(full.response.headers.get('content-type')).toBe('image/jpeg');
		expect(full.response.headers.get('cache-control')).toBe('private, max-age=31536000, immutable');
		expect(full.response.headers.get('x-content-type-options')).toBe('nosniff');
		const fullMeta = await sharp(full.bytes).metadata();
		expect(fullMeta).toMatchObject({ format: 'jpeg', width: 2048, height: 1365 });
		expect(fullMeta.exif).toBeUndefined();
		expect(Buffer.from(full.bytes).includes('TestPhone')).toBe(false);

		const thumb = await download(as('liaison01'), body.id, 'thumb');
		expect(thumb.response.status).toBe(200);
		const thumbMeta = await sharp(thumb.bytes).metadata();
		expect(Math.max(thumbMeta.width, thumbMeta.height)).toBe(matterLimits.thumbSide);
		expect(thumbMeta.exif).toBeUndefined();
		expect(thumb.bytes.byteLength).toBeLessThan(full.bytes.byteLength);

		const [row] = await db().select().from(photos).where(eq(photos.id, body.id));
		expect(row).toMatchObject({ communityId: places.communityId, uploadedBy: places.userIds.get('liaison01'), matterId: null });
	});

	it('refuses a file over 10 MB with 413, saying the limit, and stores nothing', async () => {
		const before = await photoCount();
		const { status, body } = await upload(as('liaison01'), new Uint8Array(matterLimits.photoBytes + 1).fill(0xff));
		expect(status).toBe(413);
		expect(body).toMatchObject({ code: 'error_photo_too_large', error: expect.stringContaining('10 MB') });
		expect(await photoCount()).toBe(before);
	});

	it('refuses a text file named .jpg with 415, and an empty file with 400', async () => {
		const before = await photoCount();
		const text = await upload(as('liaison01'), new TextEncoder().encode('not a photo at all'), 'evidence.jpg');
		expect(text.status).toBe(415);
		expect(text.body.code).toBe('error_photo_not_image');
		const empty = await upload(as('liaison01'), new Uint8Array(), 'empty.jpg');
		expect(empty.status).toBe(400);
		expect(empty.body.code).toBe('error_file_empty');
		expect(await photoCount()).toBe(before);
	});

	it('takes a PNG from a property company that runs a compound in the community (resolution photos)', async () => {
		const { status, body } = await upload(as('property1'), await smallPng(), 'fixed.png');
		expect(status).toBe(201);
		expect(body).toMatchObject({ width: 40, height: 30 });
	});

	it('refuses the signed-out (401), the street office (403), and a property company with no compound there (403)', async () => {
		const png = await smallPng();
		expect((await upload(new HttpClient(server.url), png)).status).toBe(401);
		const street = await upload(as('street1'), png);
		expect(street).toMatchObject({ status: 403, body: { code: 'error_photo_upload_forbidden' } });
		const elsewhere = await createOtherCommunity();
		expect((await upload(as('property1'), png, 'photo.png', elsewhere.communityId)).status).toBe(403);
	});
});

describe('who may see a photo', () => {
	const notFound = { status: 404, code: 'error_photo_not_found' };
	async function refusedFor(client: HttpClient, id: string) {
		const response = await client.get(`/api/photos/${id}`, { accept: 'application/json' });
		return { status: response.status, code: (await response.json()).code };
	}

	it('an unattached photo: its uploader only; the rest get the same 404 as for no photo at all', async () => {
		const { body } = await upload(as('liaison01'), await smallPng());
		expect((await download(as('liaison01'), body.id)).response.status).toBe(200);
		for (const username of [farLiaison, 'secretary', 'chief1', 'street1', 'property1']) {
			expect(await refusedFor(as(username), body.id), username).toEqual(notFound);
		}
		expect(await refusedFor(as('liaison01'), 'nosuchphoto')).toEqual(notFound);
		expect((await new HttpClient(server.url).get(`/api/photos/${body.id}`)).status).toBe(401);
	});

	it('refuses a size other than full or thumb with 400', async () => {
		const { body } = await upload(as('liaison01'), await smallPng());
		const response = await as('liaison01').get(`/api/photos/${body.id}?size=huge`, { accept: 'application/json' });
		expect(response.status).toBe(400);
		expect((await response.json()).code).toBe('error_photo_size');
	});

	// The matters API sets matter_id when a report names the photo; here a bare matter row stands in for it.
	it('an attached photo: whoever may see its matter, and nobody else', async () => {
		const { body } = await upload(as('liaison01'), await smallPng());
		const matterId = await bareMatter('liaison01');
		await db().update(photos).set({ matterId }).where(eq(photos.id, body.id));
		for (const username of ['liaison01', 'chief1', 'secretary', 'street1']) {
			expect((await download(as(username), body.id, 'thumb')).response.status, username).toBe(200);
		}
		for (const username of [farLiaison, 'property1']) {
			expect(await refusedFor(as(username), body.id), username).toEqual(notFound);
		}
	});
});

/** A matter reported by the user in liaison01's micro-grid, with only the columns the rules read. */
function bareMatter(reporter: string): Promise<string> {
	return insertBareMatter({
		communityId: places.communityId,
		gridId: places.grid1.id,
		microGridId: places.grid1Micro[0].id,
		reportedBy: places.userIds.get(reporter)!
	});
}

describe('the bound on unattached photos', () => {
	it(`lets one person keep at most ${unattachedPhotoQuota.count} unattached photos a day, parallel uploads included; attaching frees room`, async () => {
		const userId = places.userIds.get('liaison05')!;
		const unattached = async () =>
			(await db().select({ n: count() }).from(photos).where(and(eq(photos.uploadedBy, userId), isNull(photos.matterId))))[0].n;
		const png = await smallPng();
		for (let i = 0; i < unattachedPhotoQuota.count - 2; i++) expect((await upload(as('liaison05'), png)).status).toBe(201);

		const parallel = await Promise.all(Array.from({ length: 5 }, () => upload(as('liaison05'), png)));
		expect(parallel.map((r) => r.status).sort()).toEqual([201, 201, 429, 429, 429]);
		expect(parallel.find((r) => r.status === 429)!.body.code).toBe('error_photo_quota');
		expect(await unattached()).toBe(unattachedPhotoQuota.count);

		const [first] = await db().select({ id: photos.id }).from(photos).where(eq(photos.uploadedBy, userId)).limit(1);
		await db().update(photos).set({ matterId: await bareMatter('liaison05') }).where(eq(photos.id, first.id));
		expect((await upload(as('liaison05'), png)).status).toBe(201);
		expect((await upload(as('liaison05'), png)).status).toBe(429);
	});
});
