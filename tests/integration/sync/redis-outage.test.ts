import { and, eq, like } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createTask, markHousehold, taskOf } from '../../../src/lib/domain/task-doc';
import { closeDatabase, db, openDatabase } from '../../../src/lib/server/db';
import { progressEvents } from '../../../src/lib/server/db/schema';
import { waitForHealth } from '../../fixtures/health';
import { PrivateRedis, redisServerAvailable } from '../../fixtures/private-redis';
import { communityBuildings, signInParticipant, type Participant } from '../../fixtures/remote-participant';
import { databaseEnv, freePort, ServerProcess } from '../../fixtures/server-process';
import { SyncClient, waitFor } from '../../fixtures/sync-client';
import { createTestDatabase, type TestDatabase } from '../../fixtures/test-database';

const ready = process.env.TEST_DB_KIND === 'postgres' && redisServerAvailable();
if (!ready) {
	console.warn('[redis-outage] SKIPPED: two instances need PostgreSQL (TEST_DATABASE_URL) and redis-server on PATH to stop and start; optional locally, CI sets both.');
}

const replayMs = 500;
let database: TestDatabase | null = null;
let redis: PrivateRedis | null = null;
const servers: ServerProcess[] = [];
const clients: SyncClient[] = [];

afterAll(async () => {
	for (const client of clients) client.destroy();
	await Promise.all(servers.map((server) => server.kill()));
	await redis?.kill();
	await closeDatabase();
	await database?.drop();
});

type Writer = { who: Participant; client: SyncClient; buildingId: string };
const taskId = 'task-redis-outage';

function connect(server: ServerProcess, who: Participant): SyncClient {
	const client = SyncClient.forCommunity(server.url, who.communityId, who.cookie);
	clients.push(client);
	return client;
}

function marksOf(client: SyncClient, buildingId: string): Record<string, { by: string }> {
	const progress = taskOf(client.doc, taskId)?.get('progress') as Y.Map<Y.Map<unknown>> | undefined;
	return (progress?.get(buildingId)?.toJSON() ?? {}) as Record<string, { by: string }>;
}

/** Marks `count` households `<prefix>-<n>` a few milliseconds apart; returns their codes. */
async function mark(writer: Writer, prefix: string, count: number): Promise<string[]> {
	const codes: string[] = [];
	for (let n = 0; n < count; n++) {
		const code = `${prefix}-${n}`;
		markHousehold(writer.client.doc, taskId, writer.buildingId, code, { s: 'visited', by: writer.who.userId });
		codes.push(code);
		await new Promise((resolve) => setTimeout(resolve, 5));
	}
	return codes;
}

function holdsAll(client: SyncClient, buildingId: string, codes: readonly string[]): boolean {
	const marks = marksOf(client, buildingId);
	return codes.every((code) => code in marks);
}

/** progress_events rows per household code of the task whose code starts with `prefix`. */
async function rowsPerCode(prefix: string): Promise<Map<string, number>> {
	const rows = await db()
		.select({ code: progressEvents.householdCode })
		.from(progressEvents)
		.where(and(eq(progressEvents.taskId, taskId), like(progressEvents.householdCode, `${prefix}%`)));
	const counts = new Map<string, number>();
	for (const { code } of rows) counts.set(code, (counts.get(code) ?? 0) + 1);
	return counts;
}

const eachOnce = (codes: readonly string[]) => new Map(codes.map((code) => [code, 1]));

describe.skipIf(!ready)('Redis down and back under two instances', () => {
	it('keeps each instance serving and storing, converges when Redis returns, and loads after a gap beyond the replay window', async () => {
		database = await createTestDatabase('postgres');
		redis = new PrivateRedis(await freePort());
		await redis.start();
		const env = {
			...databaseEnv(database.config),
			DEMO: '1',
			REDIS_URL: redis.url,
			REDIS_PREFIX: `grid-test-${process.pid}-${Math.random().toString(36).slice(2, 8)}:`,
			SYNC_REDIS_REPLAY_MS: String(replayMs),
			SYNC_IDLE_UNLOAD_MS: '300'
		};
		const [a, b] = [new ServerProcess(await freePort(), env), new ServerProcess(await freePort(), env)];
		servers.push(a, b);
		// One after the other: the first one migrates and seeds the fresh database.
		await a.start();
		await b.start();
		openDatabase(database.config);

		const [chief, liaison] = await Promise.all([signInParticipant(a.url, 'chief1'), signInParticipant(b.url, 'liaison01')]);
		const inGrid = (await communityBuildings(a.url, chief)).filter((building) => chief.gridIds.includes(building.gridId));
		const liaisonBuilding = inGrid.find((building) => liaison.microGridIds.includes(building.microGridId))!;
		const chiefBuilding = inGrid.find((building) => building.id !== liaisonBuilding.id)!;
		const onA: Writer = { who: chief, client: connect(a, chief), buildingId: chiefBuilding.id };
		const onB: Writer = { who: liaison, client: connect(b, liaison), buildingId: liaisonBuilding.id };
		await Promise.all([onA.client.synced(), onB.client.synced()]);
		createTask(onA.client.doc, { id: taskId, title: '防汛检查', kind: 'safety', instructions: '', createdBy: chief.userId, createdAt: Date.now(), dueAt: null, scope: inGrid.map((x) => x.id) });
		await waitFor(() => !!taskOf(onB.client.doc, taskId), 10_000, 'task crosses from A to B');

		const before = [...(await mark(onA, 'a-before', 10)), ...(await mark(onB, 'b-before', 10))];
		await waitFor(() => holdsAll(onB.client, chiefBuilding.id, before.slice(0, 10)) && holdsAll(onA.client, liaisonBuilding.id, before.slice(10)), 20_000, 'marks cross while Redis is up');

		// Redis goes away: both instances say so, and each keeps serving and storing its own clients.
		await redis.kill();
		await Promise.all([a, b].map((server) => waitForHealth(server.url, (body) => body.redis === 'down' && !body.ok && body.status === 503, 30_000, 'redis down')));
		const downA = await mark(onA, 'a-down', 30);
		const downB = await mark(onB, 'b-down', 30);
		await waitFor(() => onA.client.confirmed && onB.client.confirmed, 30_000, 'writes stored (ticks) while Redis is down');
		expect(await rowsPerCode('a-down')).toEqual(eachOnce(downA));
		expect(await rowsPerCode('b-down')).toEqual(eachOnce(downB));

		// Redis returns (empty, as after a crash): both sides converge, nothing lost or stored twice.
		await redis.start();
		await Promise.all([a, b].map((server) => waitForHealth(server.url, (body) => body.redis === 'on' && body.ok, 30_000, 'redis back')));
		await waitFor(() => holdsAll(onA.client, liaisonBuilding.id, downB) && holdsAll(onB.client, chiefBuilding.id, downA), 30_000, 'outage writes cross');
		const after = [...(await mark(onA, 'a-after', 10)), ...(await mark(onB, 'b-after', 10))];
		await waitFor(() => holdsAll(onB.client, chiefBuilding.id, after.slice(0, 10)) && holdsAll(onA.client, liaisonBuilding.id, after.slice(10)), 20_000, 'marks cross after Redis returned');
		await waitFor(() => onA.client.confirmed && onB.client.confirmed, 20_000, 'all stored');
		expect(onA.client.doc.getMap('tasks').toJSON()).toEqual(onB.client.doc.getMap('tasks').toJSON());
		expect(await rowsPerCode('')).toEqual(eachOnce([...before, ...downA, ...downB, ...after]));

		// Nobody connected: both instances unload the document. Redis goes away again and A loads it
		// for a new client, who writes; Redis returns; B loads it only after more than the replay window.
		for (const client of clients.splice(0)) client.destroy();
		await Promise.all([a, b].map((server) => waitForHealth(server.url, (body) => body.docsLoaded === 0 && body.connections === 0, 30_000, 'document unloaded')));
		await redis.kill();
		await Promise.all([a, b].map((server) => waitForHealth(server.url, (body) => body.redis === 'down', 30_000, 'redis down again')));
		const lateA: Writer = { ...onA, client: connect(a, chief) };
		await lateA.client.synced(30_000);
		const gap = await mark(lateA, 'a-gap', 20);
		await waitFor(() => lateA.client.confirmed, 30_000, 'gap writes stored');
		await new Promise((resolve) => setTimeout(resolve, 2 * replayMs));
		await redis.start();
		await Promise.all([a, b].map((server) => waitForHealth(server.url, (body) => body.redis === 'on', 30_000, 'redis back again')));
		await new Promise((resolve) => setTimeout(resolve, 2 * replayMs));
		const lateB: Writer = { ...onB, client: connect(b, liaison) };
		await lateB.client.synced(30_000);
		expect(Object.keys(marksOf(lateB.client, chiefBuilding.id)).sort()).toEqual([...before.slice(0, 10), ...downA, ...after.slice(0, 10), ...gap].sort());
		// And A, which loaded the document while Redis was away, follows its stream now.
		const final = [...(await mark(lateA, 'a-final', 5)), ...(await mark(lateB, 'b-final', 5))];
		await waitFor(() => holdsAll(lateB.client, chiefBuilding.id, final.slice(0, 5)) && holdsAll(lateA.client, liaisonBuilding.id, final.slice(5)), 20_000, 'marks cross between the late clients');
		await waitFor(() => lateA.client.confirmed && lateB.client.confirmed, 20_000, 'final writes stored');
		expect(lateA.client.doc.getMap('tasks').toJSON()).toEqual(lateB.client.doc.getMap('tasks').toJSON());
		expect(await rowsPerCode('')).toEqual(eachOnce([...before, ...downA, ...downB, ...after, ...gap, ...final]));
	}, 240_000);
});
