import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { db } from '../../../src/lib/server/db';
import { appMeta, notifyPrefs, pushSubscriptions, users } from '../../../src/lib/server/db/schema';
import { pushSettingsOf } from '../../../src/lib/server/notify/push-settings';
import { browserKeys, decryptPush, FakePushService } from '../../fixtures/fake-push-service';
import { HttpClient } from '../../fixtures/http-client';
import { pageData } from '../../fixtures/page-data';
import { signInAll } from '../../fixtures/structure-places';
import { startTestServer, type TestServer } from '../../fixtures/test-server';

let server: TestServer;
let service: FakePushService;
let clients: Map<string, HttpClient>;
let allowedHosts: string;

beforeAll(async () => {
	service = await new FakePushService().start();
	// Only the fake push service's own host:port: other loopback ports stay refused.
	allowedHosts = `127.0.0.1:${service.port}`;
	process.env.NOTIFY_ALLOWED_HOSTS = allowedHosts;
	server = await startTestServer();
	clients = await signInAll(server.url, ['liaison01', 'liaison02', 'chief1', 'property1', 'street1', 'secretary']);
});
afterAll(async () => {
	await server?.stop();
	await service?.stop();
});
beforeEach(() => {
	process.env.NOTIFY_ALLOWED_HOSTS = allowedHosts;
});

const as = (username: string) => clients.get(username)!;
const userId = async (username: string) => (await db().select({ id: users.id }).from(users).where(eq(users.username, username)))[0].id;
const subscriptionsOf = async (username: string) => db().select().from(pushSubscriptions).where(eq(pushSubscriptions.userId, await userId(username)));
const allSubscriptions = () => db().select().from(pushSubscriptions);

function subscriptionBody(endpoint = service.endpoint(), device = 'Android · Chrome') {
	const keys = browserKeys();
	return { body: { endpoint, expirationTime: null, keys: { p256dh: keys.p256dh, auth: keys.auth }, device }, keys };
}

async function put(client: HttpClient | null, path: string, body: unknown) {
	const response = await fetch(server.url + path, {
		method: 'PUT',
		headers: { ...(client ? { cookie: client.cookieHeader() } : {}), origin: server.url, accept: 'application/json', 'content-type': 'application/json' },
		body: JSON.stringify(body)
	});
	return { status: response.status, body: await response.json() };
}

describe('signed out', () => {
	it('every push endpoint answers 401 and stores nothing', async () => {
		const anonymous = new HttpClient(server.url);
		const before = (await allSubscriptions()).length;
		expect((await anonymous.getJson('/api/push/public-key')).status).toBe(401);
		expect((await anonymous.postJson('/api/me/push-subscriptions', subscriptionBody().body)).status).toBe(401);
		expect((await anonymous.sendJson('DELETE', '/api/me/push-subscriptions', { endpoint: service.endpoint() })).status).toBe(401);
		expect((await anonymous.delete('/api/me/push-subscriptions/abc')).status).toBe(401);
		expect((await anonymous.postJson('/api/me/push-test', {})).status).toBe(401);
		expect((await put(null, '/api/me/notify-prefs', { quietEnabled: false, quietStart: 0, quietEnd: 0 })).status).toBe(401);
		expect((await allSubscriptions()).length).toBe(before);
	});
});

describe('the VAPID public key', () => {
	it('is given to signed-in people; the private key is in no answer or page data', async () => {
		const [row] = await db().select().from(appMeta).where(eq(appMeta.key, 'vapid'));
		const { publicKey, privateKey } = JSON.parse(row.value) as { publicKey: string; privateKey: string };
		for (const username of ['liaison01', 'chief1', 'property1', 'street1']) {
			expect((await as(username).getJson('/api/push/public-key')).body).toEqual({ publicKey });
		}
		const answers = [
			JSON.stringify(await pageData(as('liaison01'), '/')),
			JSON.stringify(await pageData(as('secretary'), '/')),
			await (await as('liaison01').get('/')).text(),
			JSON.stringify((await as('liaison01').getJson('/api/me')).body)
		];
		for (const answer of answers) expect(answer).not.toContain(privateKey);
		expect((await pushSettingsOf(await userId('liaison01'))).publicKey).toBe(publicKey);
		expect(JSON.stringify(await pushSettingsOf(await userId('liaison01')))).not.toContain(privateKey);
	});
});

describe('subscribing', () => {
	it('stores the subscription for the signed-in person: 201 with its id', async () => {
		const { body } = subscriptionBody();
		const answer = await as('liaison01').postJson('/api/me/push-subscriptions', body);
		expect(answer).toEqual({ status: 201, body: { id: expect.any(String) } });
		const [row] = await db().select().from(pushSubscriptions).where(eq(pushSubscriptions.endpoint, body.endpoint));
		expect(row).toMatchObject({ id: answer.body.id, userId: await userId('liaison01'), p256dh: body.keys.p256dh, auth: body.keys.auth, device: 'Android · Chrome' });
		expect((await pushSettingsOf(await userId('liaison01'))).devices.map((d) => d.id)).toContain(answer.body.id);
	});

	it('chiefs, the secretary, property and street users may too', async () => {
		for (const username of ['chief1', 'secretary', 'property1', 'street1']) {
			expect((await as(username).postJson('/api/me/push-subscriptions', subscriptionBody().body)).status).toBe(201);
		}
	});

	it('the same endpoint again takes the new owner and keys (the phone changed hands), keeping one row', async () => {
		const first = subscriptionBody();
		const { body: created } = await as('liaison01').postJson('/api/me/push-subscriptions', first.body);
		const second = subscriptionBody(first.body.endpoint, 'iPhone · Safari');
		const answer = await as('liaison02').postJson('/api/me/push-subscriptions', second.body);
		expect(answer).toEqual({ status: 201, body: { id: created.id } });
		const rows = await db().select().from(pushSubscriptions).where(eq(pushSubscriptions.endpoint, first.body.endpoint));
		expect(rows).toHaveLength(1);
		expect(rows[0]).toMatchObject({ userId: await userId('liaison02'), p256dh: second.body.keys.p256dh, device: 'iPhone · Safari' });
	});

	it('registering again (each visit of the page does) keeps the date it was turned on', async () => {
		const { body } = subscriptionBody();
		await as('liaison01').postJson('/api/me/push-subscriptions', body);
		const [before] = await db().select().from(pushSubscriptions).where(eq(pushSubscriptions.endpoint, body.endpoint));
		await new Promise((resolve) => setTimeout(resolve, 20));
		expect((await as('liaison01').postJson('/api/me/push-subscriptions', body)).body).toEqual({ id: before.id });
		const [after] = await db().select().from(pushSubscriptions).where(eq(pushSubscriptions.endpoint, body.endpoint));
		expect(after.createdAt).toEqual(before.createdAt);
	});

	it('bad bodies: 400 and nothing stored', async () => {
		const good = subscriptionBody().body;
		const short = browserKeys().p256dh.slice(0, -2);
		const notOnCurve = Buffer.concat([Buffer.from([4]), Buffer.alloc(64, 7)]).toString('base64url');
		const compressed = Buffer.concat([Buffer.from([2]), Buffer.alloc(32, 7)]).toString('base64url');
		const bad: [string, unknown][] = [
			['p256dh one byte short', { ...good, keys: { ...good.keys, p256dh: short } }],
			['p256dh not a point of P-256', { ...good, keys: { ...good.keys, p256dh: notOnCurve } }],
			['p256dh compressed', { ...good, keys: { ...good.keys, p256dh: compressed } }],
			['auth of 15 bytes', { ...good, keys: { ...good.keys, auth: Buffer.alloc(15, 1).toString('base64url') } }],
			['auth of 32 bytes', { ...good, keys: { ...good.keys, auth: Buffer.alloc(32, 1).toString('base64url') } }],
			['auth not base64url', { ...good, keys: { ...good.keys, auth: 'not/base64+url!!' } }],
			['huge endpoint', { ...good, endpoint: `${service.endpoint()}/${'a'.repeat(3000)}` }],
			['the database port on the loopback', { ...good, endpoint: 'http://127.0.0.1:5432/' }],
			['another loopback name', { ...good, endpoint: `http://localhost:${service.port}/push/x` }],
			['cloud metadata', { ...good, endpoint: 'http://169.254.169.254/latest/meta-data/' }],
			['a look-alike of FCM', { ...good, endpoint: 'https://fcm.googleapis.com.evil.example/fcm/send/x' }],
			['FCM over http', { ...good, endpoint: 'http://fcm.googleapis.com/fcm/send/x' }],
			['credentials in the endpoint', { ...good, endpoint: `http://user:pw@127.0.0.1:${service.port}/push/x` }],
			['not a URL', { ...good, endpoint: 'javascript:alert(1)' }],
			['device name of 81 characters', { ...good, device: '手'.repeat(81) }],
			['no keys', { endpoint: good.endpoint }],
			['keys not strings', { ...good, keys: { p256dh: 1, auth: 2 } }],
			['an array', [good]]
		];
		const before = (await allSubscriptions()).length;
		for (const [what, body] of bad) {
			const answer = await as('liaison01').postJson('/api/me/push-subscriptions', body);
			expect(answer.status, what).toBe(400);
			expect(answer.body.code, what).toMatch(/^error_push_(subscription_invalid|endpoint_refused)$/);
		}
		expect((await allSubscriptions()).length).toBe(before);
	});

	it('the browsers’ push services (here FCM) are allowed whatever else is', async () => {
		const endpoint = `https://fcm.googleapis.com/fcm/send/${browserKeys().auth}`;
		expect((await as('chief1').postJson('/api/me/push-subscriptions', subscriptionBody(endpoint).body)).status).toBe(201);
		await db().delete(pushSubscriptions).where(eq(pushSubscriptions.endpoint, endpoint));
	});

	it('an eleventh device drops the oldest: at most ten per person', async () => {
		await db().delete(pushSubscriptions).where(eq(pushSubscriptions.userId, await userId('liaison02')));
		const endpoints: string[] = [];
		for (let i = 0; i < 11; i++) {
			const { body } = subscriptionBody(service.endpoint(`l2-${i}`), `device ${i}`);
			endpoints.push(body.endpoint);
			expect((await as('liaison02').postJson('/api/me/push-subscriptions', body)).status).toBe(201);
		}
		const kept = (await subscriptionsOf('liaison02')).map((row) => row.endpoint).sort();
		expect(kept).toEqual(endpoints.slice(1).sort());
	});
});

describe('removing', () => {
	it("another person's subscription cannot be removed, by endpoint or by id; one's own can", async () => {
		const { body } = subscriptionBody();
		const { body: created } = await as('liaison01').postJson('/api/me/push-subscriptions', body);

		const byEndpoint = await as('liaison02').sendJson('DELETE', '/api/me/push-subscriptions', { endpoint: body.endpoint });
		expect(byEndpoint.status).toBe(404);
		expect((await as('chief1').delete(`/api/me/push-subscriptions/${created.id}`)).status).toBe(404);
		expect(await db().select().from(pushSubscriptions).where(eq(pushSubscriptions.id, created.id))).toHaveLength(1);

		expect((await as('liaison01').delete(`/api/me/push-subscriptions/${created.id}`)).status).toBe(204);
		expect(await db().select().from(pushSubscriptions).where(eq(pushSubscriptions.id, created.id))).toHaveLength(0);

		const again = subscriptionBody();
		await as('liaison01').postJson('/api/me/push-subscriptions', again.body);
		expect((await as('liaison01').sendJson('DELETE', '/api/me/push-subscriptions', { endpoint: again.body.endpoint })).status).toBe(204);
		expect(await db().select().from(pushSubscriptions).where(eq(pushSubscriptions.endpoint, again.body.endpoint))).toHaveLength(0);
		expect((await as('liaison01').sendJson('DELETE', '/api/me/push-subscriptions', { endpoint: 'x'.repeat(3000) })).status).toBe(400);
	});
});

describe('quiet hours', () => {
	it('are saved within 0..1439 minutes; anything else is 400 and changes nothing', async () => {
		const ok = await put(as('liaison01'), '/api/me/notify-prefs', { quietEnabled: true, quietStart: 23 * 60, quietEnd: 6 * 60 + 30 });
		expect(ok).toEqual({ status: 200, body: { quiet: { enabled: true, start: 1380, end: 390 } } });
		const bad = [
			{ quietEnabled: true, quietStart: 1440, quietEnd: 0 },
			{ quietEnabled: true, quietStart: -1, quietEnd: 0 },
			{ quietEnabled: true, quietStart: 10.5, quietEnd: 0 },
			{ quietEnabled: true, quietStart: '22:30', quietEnd: 0 },
			{ quietEnabled: 'yes', quietStart: 0, quietEnd: 0 },
			{ quietEnabled: true, quietStart: 0 },
			{ quietEnabled: true, quietStart: 0, quietEnd: 0, userId: 'someone-else' }
		];
		for (const body of bad) expect((await put(as('liaison01'), '/api/me/notify-prefs', body)).status).toBe(400);
		const [prefs] = await db().select().from(notifyPrefs).where(eq(notifyPrefs.userId, await userId('liaison01')));
		expect(prefs).toMatchObject({ quietEnabled: true, quietStart: 1380, quietEnd: 390 });
		expect((await pushSettingsOf(await userId('liaison01'))).quiet).toEqual({ enabled: true, start: 1380, end: 390 });
	});

	it('until saved, the default 22:30–07:00 holds', async () => {
		expect((await pushSettingsOf(await userId('chief1'))).quiet).toEqual({ enabled: true, start: 1350, end: 420 });
	});
});

describe('a test push', () => {
	it('reaches the person’s device through the push service, decrypting to the test notification; 10 s apart', async () => {
		await db().delete(pushSubscriptions).where(eq(pushSubscriptions.userId, await userId('chief1')));
		const { body, keys } = subscriptionBody();
		const { body: created } = await as('chief1').postJson('/api/me/push-subscriptions', body);
		const answer = await as('chief1').postJson('/api/me/push-test', { id: created.id });
		expect(answer).toEqual({ status: 200, body: { sent: 1, failed: [] } });
		const [push] = service.to(body.endpoint);
		expect(JSON.parse(decryptPush(push.body, keys))).toMatchObject({ url: `${server.url}/notifications`, tag: 'push-test', urgent: false, title: expect.any(String) });
		expect((await as('chief1').postJson('/api/me/push-test', { id: created.id })).status).toBe(429);
	});

	it('a device the push service says is gone is removed', async () => {
		await db().delete(pushSubscriptions).where(eq(pushSubscriptions.userId, await userId('property1')));
		const { body } = subscriptionBody();
		await as('property1').postJson('/api/me/push-subscriptions', body);
		service.answer = (push) => (`${service.origin}${push.path}` === body.endpoint ? { status: 410 } : { status: 201 });
		try {
			const answer = await as('property1').postJson('/api/me/push-test', {});
			expect(answer.status).toBe(200);
			expect(answer.body).toMatchObject({ sent: 0, failed: [{ error: expect.stringContaining('410') }] });
		} finally {
			service.answer = () => ({ status: 201 });
		}
		expect(await subscriptionsOf('property1')).toHaveLength(0);
	});

	it('only to one’s own devices: another person’s device id sends nothing (409, no device)', async () => {
		const [other] = await subscriptionsOf('liaison02');
		const before = service.received.length;
		expect((await as('street1').postJson('/api/me/push-test', { id: other.id })).status).toBe(409);
		expect(service.received.length).toBe(before);
		expect(await db().select().from(pushSubscriptions).where(and(eq(pushSubscriptions.id, other.id), eq(pushSubscriptions.userId, await userId('liaison02'))))).toHaveLength(1);
	});
});
