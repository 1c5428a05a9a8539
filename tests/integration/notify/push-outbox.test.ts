/**
 * Pushes through the outbox: the server's notifier leases a push delivery and sends it with
 * `sendPush` to the subscription's push service; the outcome lands on the delivery (sent, retried
 * after Retry-After, or failed with the subscription removed when the push service says it is gone).
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { PushMessage } from '../../../src/lib/domain/notice-messages';
import { db } from '../../../src/lib/server/db';
import { noticeDeliveries, notices, pushSubscriptions } from '../../../src/lib/server/db/schema';
import { until } from '../../fixtures/fake-robot';
import { browserKeys, decryptPush, FakePushService } from '../../fixtures/fake-push-service';
import type { HttpClient } from '../../fixtures/http-client';
import { signInAll } from '../../fixtures/structure-places';
import { startTestServer, type TestServer } from '../../fixtures/test-server';

let server: TestServer;
let service: FakePushService;
let liaison: HttpClient;

beforeAll(async () => {
	service = await new FakePushService().start();
	process.env.NOTIFY_ALLOWED_HOSTS = '127.0.0.1';
	process.env.NOTIFY_POLL_MS = '100';
	server = await startTestServer();
	liaison = (await signInAll(server.url, ['liaison01'])).get('liaison01')!;
});
afterAll(async () => {
	await server?.stop();
	await service?.stop();
	delete process.env.NOTIFY_POLL_MS;
});

const message = (title: string): PushMessage => ({ kind: 'push', title, body: '请于今晚 22:00 前完成走访', url: `${server.url}/tasks/t1`, tag: `task-${title}`, urgent: false });

async function subscribe() {
	const keys = browserKeys();
	const endpoint = service.endpoint();
	const { status, body } = await liaison.postJson('/api/me/push-subscriptions', { endpoint, keys: { p256dh: keys.p256dh, auth: keys.auth } });
	expect(status).toBe(201);
	return { keys, endpoint, id: body.id as string };
}

/** A push delivery already in the outbox, as the notifier's fan-out writes it. */
async function queuePush(subscriptionId: string, title: string): Promise<number> {
	const [row] = await db().select({ userId: pushSubscriptions.userId }).from(pushSubscriptions).where(eq(pushSubscriptions.id, subscriptionId));
	const [notice] = await db()
		.insert(notices)
		.values({ key: `test-push:${title}`, communityId: null, kind: 'task-dispatched', subject: { taskId: 't1' }, fannedOutAt: new Date() })
		.returning({ id: notices.id });
	const [delivery] = await db()
		.insert(noticeDeliveries)
		.values({ noticeId: notice.id, channel: 'push', target: subscriptionId, userId: row.userId, message: message(title) })
		.returning({ id: noticeDeliveries.id });
	return delivery.id;
}
const deliveryOf = async (id: number) => (await db().select().from(noticeDeliveries).where(eq(noticeDeliveries.id, id)))[0];

it('the notifier sends a queued push once; it decrypts to the message and the delivery is sent', async () => {
	const { keys, endpoint, id } = await subscribe();
	const deliveryId = await queuePush(id, 'sent');
	await until(async () => (await deliveryOf(deliveryId)).status === 'sent', 'the push delivery to be sent');
	expect(service.to(endpoint)).toHaveLength(1);
	expect(JSON.parse(decryptPush(service.to(endpoint)[0].body, keys))).toEqual({ title: 'sent', body: '请于今晚 22:00 前完成走访', url: `${server.url}/tasks/t1`, tag: 'task-sent', urgent: false });
	const [subscription] = await db().select().from(pushSubscriptions).where(eq(pushSubscriptions.id, id));
	expect(subscription.lastSentAt).not.toBeNull();
});

it('429 with Retry-After: the delivery waits that long and stays pending', async () => {
	const { endpoint, id } = await subscribe();
	service.answer = (push) => (`${service.origin}${push.path}` === endpoint ? { status: 429, headers: { 'retry-after': '600' } } : { status: 201 });
	try {
		const deliveryId = await queuePush(id, 'busy');
		await until(async () => (await deliveryOf(deliveryId)).attempts === 1, 'the first attempt to be recorded');
		const delivery = await deliveryOf(deliveryId);
		expect(delivery.status).toBe('pending');
		expect(delivery.lastError).toContain('429');
		expect(delivery.nextAttemptAt.getTime() - Date.now()).toBeGreaterThan(550_000);
	} finally {
		service.answer = () => ({ status: 201 });
	}
});

it('410 Gone: the delivery fails without retry and the subscription is removed', async () => {
	const { endpoint, id } = await subscribe();
	service.answer = (push) => (`${service.origin}${push.path}` === endpoint ? { status: 410 } : { status: 201 });
	try {
		const deliveryId = await queuePush(id, 'gone');
		await until(async () => (await deliveryOf(deliveryId)).status === 'failed', 'the delivery to fail');
		expect(await db().select().from(pushSubscriptions).where(eq(pushSubscriptions.id, id))).toHaveLength(0);
		expect(service.to(endpoint)).toHaveLength(1);
	} finally {
		service.answer = () => ({ status: 201 });
	}
});
