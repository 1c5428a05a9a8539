/**
 * The outbox across processes: messages committed to the outbox survive a SIGKILL of the instance
 * that had leased them (before it sent) and go out exactly once after the restart; two instances
 * sharing PostgreSQL send each message once.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase } from '../../../src/lib/server/db';
import { FakeRobotPlatform, until } from '../../fixtures/fake-robot';
import { addRobot, deliveriesOfRobot, queueRobotMessages, titlesIn } from '../../fixtures/outbox-rows';
import { childDatabase, databaseEnv, freePort, ServerProcess } from '../../fixtures/server-process';
import { createTestDatabase, type TestDatabase } from '../../fixtures/test-database';

const twoInstances = process.env.TEST_DB_KIND === 'postgres';
if (!twoInstances) {
	console.warn('[outbox-crash] two instances SKIPPED: they need a shared PostgreSQL (TEST_DATABASE_URL); optional locally, CI sets it.');
}

const knobs = { NOTIFY_ALLOWED_HOSTS: '127.0.0.1', NOTIFY_POLL_MS: '100', NOTIFY_LEASE_MS: '2000', DEMO: '1' };
const databases: TestDatabase[] = [];
const servers: ServerProcess[] = [];
const fakes: FakeRobotPlatform[] = [];

afterAll(async () => {
	await Promise.all(servers.map((server) => server.stop()));
	await closeDatabase().catch(() => {});
	await Promise.all(fakes.map((fake) => fake.stop()));
	await Promise.all(databases.map((database) => database.drop()));
});

async function setUp() {
	const database = await createTestDatabase();
	databases.push(database);
	const fake = await new FakeRobotPlatform().start();
	fakes.push(fake);
	const env = { ...databaseEnv(database.config), ...knobs };
	return { database, fake, env, port: await freePort() };
}

/** Runs `write` against the child's database while no child holds it (PGlite is one process's). */
async function withDatabase<T>(database: TestDatabase, write: () => Promise<T>): Promise<T> {
	openDatabase(childDatabase(database.config));
	try {
		return await write();
	} finally {
		await closeDatabase();
	}
}

const start = async (port: number, env: Record<string, string>) => {
	const server = new ServerProcess(port, env);
	servers.push(server);
	await server.start();
	return server;
};

describe('the outbox across processes', () => {
	it('a SIGKILL between leasing and sending loses nothing and sends nothing twice', async () => {
		const { database, fake, env, port } = await setUp();
		// First start: migrate and seed, then stop so the test may write the outbox rows.
		await (await start(port, env)).stop();
		const robot = await withDatabase(database, async () => {
			const id = await addRobot('wecom', fake.url('/cgi-bin/webhook/send', 'key=crash'));
			await queueRobotMessages(id, 'crash', 3);
			return id;
		});

		const doomed = await start(port, { ...env, NOTIFY_PAUSE_BEFORE_SEND_MS: '60000' });
		await until(() => doomed.output.includes('leased 3 deliveries'), 'the doomed instance leasing the three');
		await doomed.kill();
		expect(fake.to('crash')).toHaveLength(0);

		const restarted = await start(port, env);
		await until(() => fake.to('crash').length >= 3, 'the three after the restart', 20_000);
		// Several more rounds, past the lease: nothing goes out a second time.
		await new Promise((resolve) => setTimeout(resolve, 2500));
		const titles = titlesIn(fake.to('crash').map((r) => r.body));
		expect(titles.sort()).toEqual(['crash #0', 'crash #1', 'crash #2']);
		await restarted.stop();

		const rows = await withDatabase(database, () => deliveriesOfRobot(robot));
		expect(rows.map((row) => [row.status, row.attempts])).toEqual([
			['sent', 1],
			['sent', 1],
			['sent', 1]
		]);
	});

	it.skipIf(!twoInstances)('two instances on one PostgreSQL send each of 60 messages once', async () => {
		const { database, fake, env, port } = await setUp();
		const racing = { ...env, NOTIFY_LEASE_BATCH: '4' };
		const [a, b] = [await start(port, racing), await start(await freePort(), racing)];
		expect(a.url).not.toBe(b.url);
		openDatabase(database.config);
		try {
			const robots = [];
			for (let i = 0; i < 4; i++) robots.push(await addRobot(i % 2 ? 'dingtalk' : 'wecom', fake.url('/robot/send', `key=pair-${i}&access_token=pair-${i}`)));
			// 15 each: within one rate window, so every message is due at once and both instances race for them.
			await Promise.all(robots.map((robot, i) => queueRobotMessages(robot, `pair-${i}`, 15)));
			await until(() => fake.received.length >= 60, 'sixty messages', 30_000);
			await new Promise((resolve) => setTimeout(resolve, 2500));
			expect(fake.received).toHaveLength(60);
			const bodies = fake.received.map((r) => JSON.stringify(r.body));
			for (let i = 0; i < 4; i++) for (let n = 0; n < 15; n++) expect(bodies.filter((body) => new RegExp(`pair-${i} #${n}(?!\\d)`).test(body))).toHaveLength(1);
			const rows = (await Promise.all(robots.map(deliveriesOfRobot))).flat();
			expect(rows.every((row) => row.status === 'sent' && row.attempts === 1)).toBe(true);
			expect(rows).toHaveLength(60);
			// Both instances took part, four at a time.
			expect(new Set(rows.map((row) => row.sentBy)).size).toBe(2);
		} finally {
			await closeDatabase();
		}
	});
});
