/**
 * The outbox on one instance: each robot's rate window holds (企业微信 20 a minute; the window is
 * shortened to 3 s here), a platform error is recorded in its own words and retried until it
 * passes or the attempts run out, and a robot that never answers holds back nobody else.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeRobotPlatform, until } from '../../fixtures/fake-robot';
import { addRobot, deliveriesOfRobot, queueRobotMessages, titlesIn } from '../../fixtures/outbox-rows';
import { startTestServer, type TestServer } from '../../fixtures/test-server';

const windowMs = 3000;
const knobs = {
	NOTIFY_ALLOWED_HOSTS: '127.0.0.1',
	NOTIFY_POLL_MS: '100',
	NOTIFY_RATE_WINDOW_MS: String(windowMs),
	NOTIFY_SEND_TIMEOUT_MS: '700',
	NOTIFY_RETRY_BASE_MS: '200',
	NOTIFY_MAX_ATTEMPTS: '3'
};
const previous = Object.fromEntries(Object.keys(knobs).map((key) => [key, process.env[key]]));

let server: TestServer;
let fake: FakeRobotPlatform;

beforeAll(async () => {
	Object.assign(process.env, knobs);
	fake = await new FakeRobotPlatform().start();
	server = await startTestServer();
});
afterAll(async () => {
	await server?.stop();
	await fake?.stop();
	for (const [key, value] of Object.entries(previous)) process.env[key] = value ?? '';
});

const received = (key: string) => fake.to(key);

describe('the outbox on one instance', () => {
	it('sends 30 messages to one 企业微信 robot, never more than 20 in any rate window, each once', async () => {
		const robot = await addRobot('wecom', fake.url('/cgi-bin/webhook/send', 'key=busy'));
		await queueRobotMessages(robot, 'busy', 30);
		await until(() => received('busy').length >= 30, '30 messages', 30_000);
		const times = received('busy').map((r) => r.at);
		for (const start of times) expect(times.filter((t) => t >= start && t < start + windowMs).length).toBeLessThanOrEqual(20);
		// The window was full once: the last ten waited for it.
		expect(Math.max(...times) - Math.min(...times)).toBeGreaterThanOrEqual(windowMs);
		const titles = titlesIn(received('busy').map((r) => r.body));
		expect(new Set(titles).size).toBe(30);
		expect(titles.length).toBe(30);
		// The platform has all 30; each row is marked sent once its answer is back, a moment later.
		await until(async () => (await deliveriesOfRobot(robot)).every((row) => row.status === 'sent'), '30 rows marked sent', 10_000);
		const rows = await deliveriesOfRobot(robot);
		expect(rows.every((row) => row.status === 'sent' && row.attempts === 1 && row.sentAt)).toBe(true);
	});

	it('records a platform error in its words, retries with backoff, and sends once it passes', async () => {
		let failures = 2;
		fake.answer = (request) =>
			request.query.get('key') === 'flaky' && failures-- > 0
				? { json: { errcode: 93000, errmsg: 'invalid webhook url, hint: [1733300000_1]' } }
				: { json: { errcode: 0, errmsg: 'ok' } };
		const robot = await addRobot('wecom', fake.url('/cgi-bin/webhook/send', 'key=flaky'));
		await queueRobotMessages(robot, 'flaky', 1);
		await until(async () => (await deliveriesOfRobot(robot))[0].attempts >= 1, 'the first attempt');
		const [afterFirst] = await deliveriesOfRobot(robot);
		expect(afterFirst.status).toBe('pending');
		expect(afterFirst.lastError).toContain('93000 · invalid webhook url');
		expect(afterFirst.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() - 1000);
		await until(async () => (await deliveriesOfRobot(robot))[0].status === 'sent', 'the third attempt');
		const [sent] = await deliveriesOfRobot(robot);
		expect(sent.attempts).toBe(3);
		expect(sent.lastError).toBeNull();
		expect(received('flaky')).toHaveLength(3);
	});

	it('gives up after the last attempt and keeps the error for the settings page', async () => {
		fake.answer = (request) => (request.query.get('key') === 'broken' ? { json: { errcode: 93000, errmsg: 'invalid webhook url' } } : { json: { errcode: 0, errmsg: 'ok' } });
		const robot = await addRobot('wecom', fake.url('/cgi-bin/webhook/send', 'key=broken'));
		await queueRobotMessages(robot, 'broken', 1);
		await until(async () => (await deliveriesOfRobot(robot))[0].status === 'failed', 'giving up');
		const [failed] = await deliveriesOfRobot(robot);
		expect(failed.attempts).toBe(3);
		expect(failed.lastError).toContain('invalid webhook url');
		await new Promise((resolve) => setTimeout(resolve, 1500));
		expect(received('broken')).toHaveLength(3);
	});

	it('a robot that never answers holds back no other robot', async () => {
		fake.answer = (request) => (request.query.get('key') === 'silent' ? { hang: true } : { json: { errcode: 0, errmsg: 'ok' } });
		const silent = await addRobot('wecom', fake.url('/cgi-bin/webhook/send', 'key=silent'));
		const lively = await addRobot('dingtalk', fake.url('/robot/send', 'access_token=lively'), 'SECtest');
		await queueRobotMessages(silent, 'silent', 5);
		await queueRobotMessages(lively, 'lively', 5);
		await until(() => received('lively').length >= 5, 'the lively robot\'s five messages', 10_000);
		const silentRows = await deliveriesOfRobot(silent);
		expect(silentRows.some((row) => row.status === 'sent')).toBe(false);
		await until(async () => (await deliveriesOfRobot(silent)).some((row) => row.lastError?.includes('无应答')), 'the timeout recorded');
	});
});
