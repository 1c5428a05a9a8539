import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PushMessage } from '../../../src/lib/domain/notice-messages';
import { eq } from 'drizzle-orm';
import { closeDatabase, openDatabase } from '../../../src/lib/server/db';
import { appMeta } from '../../../src/lib/server/db/schema';
import { loadOrCreateVapidKeys, vapidKeys } from '../../../src/lib/server/notify/vapid';
import { db } from '../../../src/lib/server/db';
import { payloadLimitBytes, pushTopic, sendPush, type PushSubscriptionRow } from '../../../src/lib/server/notify/push-sender';
import { browserKeys, decryptPush, FakePushService, verifiedVapid, type BrowserKeys } from '../../fixtures/fake-push-service';
import { createTestDatabase, type TestDatabase } from '../../fixtures/test-database';

// The push service of these tests listens on the loopback; production allows only the browsers' push services.
process.env.NOTIFY_ALLOWED_HOSTS = '127.0.0.1';

let database: TestDatabase;
let service: FakePushService;

beforeAll(async () => {
	database = await createTestDatabase();
	await openDatabase(database.config).migrate();
	service = await new FakePushService().start();
});
afterAll(async () => {
	await service?.stop();
	await closeDatabase();
	await database?.drop();
});

function subscriptionFor(keys: BrowserKeys, endpoint = service.endpoint()): PushSubscriptionRow {
	return { id: 'sub1', userId: 'u1', endpoint, p256dh: keys.p256dh, auth: keys.auth, device: 'Android · Chrome', createdAt: new Date(), lastSentAt: null };
}

const message: PushMessage = {
	kind: 'push',
	title: '新任务：燃气安全排查',
	body: '请于今晚 22:00 前走访 1号楼、2号楼',
	url: 'http://127.0.0.1:3000/tasks/t1',
	tag: 'task-dispatched:t1',
	urgent: false
};

describe('a push reaches the push service encrypted and signed', () => {
	it('decrypts, with the browser keys only, to the notification; VAPID, TTL, Urgency and Topic headers as the standards say', async () => {
		const keys = browserKeys();
		const subscription = subscriptionFor(keys);
		const before = Math.floor(Date.now() / 1000);
		expect(await sendPush(subscription, message, 5000)).toEqual({ ok: true });

		const [push] = service.to(subscription.endpoint);
		expect(push.headers['content-encoding']).toBe('aes128gcm');
		expect(push.headers['content-type']).toBe('application/octet-stream');
		expect(push.headers.ttl).toBe(String(12 * 60 * 60));
		expect(push.headers.urgency).toBe('normal');
		expect(push.headers.topic).toBe(pushTopic(message.tag));
		expect(push.headers.topic).toMatch(/^[A-Za-z0-9_-]{32}$/);
		// The plain text never travels: only the browser's private key opens it.
		expect(push.body.toString('latin1')).not.toContain('task-dispatched');
		expect(JSON.parse(decryptPush(push.body, keys))).toEqual({ title: message.title, body: message.body, url: message.url, tag: message.tag, urgent: false });
		expect(() => decryptPush(push.body, browserKeys())).toThrow();

		const vapid = verifiedVapid(push.headers.authorization);
		expect(vapid).not.toBeNull();
		expect(vapid!.publicKey).toBe((await vapidKeys()).publicKey);
		expect(vapid!.claims.aud).toBe(service.origin);
		expect(vapid!.claims.sub).toMatch(/^(mailto:|https:\/\/)/);
		expect(vapid!.claims.exp).toBeGreaterThan(before);
		expect(vapid!.claims.exp).toBeLessThanOrEqual(before + 24 * 3600 + 5);
	});

	it('an urgent push asks for high urgency; a tag that is a valid topic is the topic', async () => {
		const keys = browserKeys();
		const subscription = subscriptionFor(keys);
		expect(await sendPush(subscription, { ...message, urgent: true, tag: 'matter-m1' }, 5000)).toEqual({ ok: true });
		const [push] = service.to(subscription.endpoint);
		expect(push.headers.urgency).toBe('high');
		expect(push.headers.topic).toBe('matter-m1');
		expect(JSON.parse(decryptPush(push.body, keys)).urgent).toBe(true);
	});

	it('a long body is shortened so the payload stays under 3 KB', async () => {
		const keys = browserKeys();
		const subscription = subscriptionFor(keys);
		expect(await sendPush(subscription, { ...message, body: '楼道堆放杂物，'.repeat(1000) }, 5000)).toEqual({ ok: true });
		const text = decryptPush(service.to(subscription.endpoint)[0].body, keys);
		expect(Buffer.byteLength(text)).toBeLessThanOrEqual(payloadLimitBytes);
		const payload = JSON.parse(text);
		expect(payload.body).toMatch(/^楼道堆放杂物，.+…$/);
		expect(payload.title).toBe(message.title);
		expect(payload.url).toBe(message.url);
	});
});

describe("the push service's answers", () => {
	async function answered(status: number, headers: Record<string, string> = {}) {
		const subscription = subscriptionFor(browserKeys());
		service.answer = (push) => (`${service.origin}${push.path}` === subscription.endpoint ? { status, headers, text: 'push service says no' } : { status: 201 });
		try {
			return await sendPush(subscription, message, 5000);
		} finally {
			service.answer = () => ({ status: 201 });
		}
	}

	it('410 Gone and 404: the subscription is gone, no retry', async () => {
		expect(await answered(410)).toMatchObject({ ok: false, retry: false, gone: true, error: expect.stringContaining('410') });
		expect(await answered(404)).toMatchObject({ ok: false, retry: false, gone: true });
	});

	it('429 with Retry-After: retry after that long; 5xx: retry', async () => {
		expect(await answered(429, { 'retry-after': '120' })).toMatchObject({ ok: false, retry: true, retryAfterMs: 120_000 });
		const dated = await answered(503, { 'retry-after': new Date(Date.now() + 30_000).toUTCString() });
		expect(dated).toMatchObject({ ok: false, retry: true });
		expect(dated.ok === false && dated.retryAfterMs).toBeGreaterThan(25_000);
		expect(await answered(500)).toMatchObject({ ok: false, retry: true, retryAfterMs: undefined });
	});

	it('other 4xx (a bad request, a payload too large, a wrong VAPID key): no retry, the subscription stays', async () => {
		for (const status of [400, 403, 413]) {
			const outcome = await answered(status);
			expect(outcome).toMatchObject({ ok: false, retry: false, error: expect.stringContaining('push service says no') });
			expect(outcome.ok === false && outcome.gone).toBeFalsy();
		}
	});

	it('a redirect is not followed (it could point into our own network)', async () => {
		const elsewhere = await new FakePushService().start();
		try {
			const outcome = await answered(307, { location: elsewhere.endpoint('inside') });
			expect(outcome).toMatchObject({ ok: false, retry: false });
			expect(elsewhere.received).toHaveLength(0);
		} finally {
			await elsewhere.stop();
		}
	});

	it('a push service that does not answer in time, or not at all: retry', async () => {
		const subscription = subscriptionFor(browserKeys());
		service.answer = () => null;
		try {
			const started = Date.now();
			expect(await sendPush(subscription, message, 300)).toMatchObject({ ok: false, retry: true, error: expect.stringContaining('300 ms') });
			expect(Date.now() - started).toBeLessThan(3000);
		} finally {
			service.answer = () => ({ status: 201 });
		}
		const closed = await new FakePushService().start();
		const endpoint = closed.endpoint();
		await closed.stop();
		expect(await sendPush(subscriptionFor(browserKeys(), endpoint), message, 2000)).toMatchObject({ ok: false, retry: true, error: expect.stringContaining('unreachable') });
	});
});

describe('refused endpoints', () => {
	it('an endpoint outside the allowed push services is refused without any request', async () => {
		const count = service.received.length;
		const allowed = process.env.NOTIFY_ALLOWED_HOSTS;
		process.env.NOTIFY_ALLOWED_HOSTS = '';
		try {
			expect(await sendPush(subscriptionFor(browserKeys()), message, 2000)).toMatchObject({ ok: false, retry: false });
		} finally {
			process.env.NOTIFY_ALLOWED_HOSTS = allowed;
		}
		// Another loopback name than the allowed one, the database's port, and cloud metadata.
		for (const endpoint of [`http://localhost:${service.port}/push/x`, 'http://127.0.0.2:5432/', 'http://169.254.169.254/latest/meta-data/']) {
			expect(await sendPush(subscriptionFor(browserKeys(), endpoint), message, 2000)).toMatchObject({ ok: false, retry: false });
		}
		expect(service.received.length).toBe(count);
	});

	it('keys no browser would make: not sent, and the subscription is gone', async () => {
		const count = service.received.length;
		const broken = { ...subscriptionFor(browserKeys()), p256dh: Buffer.alloc(65, 4).toString('base64url') };
		expect(await sendPush(broken, message, 2000)).toMatchObject({ ok: false, retry: false, gone: true });
		expect(service.received.length).toBe(count);
	});
});

describe('VAPID keys', () => {
	it('are made once: instances starting together end with one pair, kept across a restart', async () => {
		// As on a first start: no pair yet, and three starts racing (on PostgreSQL, over separate connections).
		await db().delete(appMeta).where(eq(appMeta.key, 'vapid'));
		const racing = await Promise.all([loadOrCreateVapidKeys(db()), loadOrCreateVapidKeys(db()), loadOrCreateVapidKeys(db())]);
		const [first] = racing;
		for (const keys of racing) expect(keys).toEqual(first);
		expect(await db().select().from(appMeta).where(eq(appMeta.key, 'vapid'))).toHaveLength(1);
		expect(Buffer.from(first.publicKey, 'base64url')).toHaveLength(65);
		expect(Buffer.from(first.privateKey, 'base64url')).toHaveLength(32);

		await closeDatabase();
		openDatabase(database.config);
		expect(await vapidKeys()).toEqual(first);
	});
});
