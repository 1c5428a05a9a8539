import { eq, sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createTask, markHousehold, taskOf } from '../../../src/lib/domain/task-doc';
import { closeDatabase, db, openDatabase } from '../../../src/lib/server/db';
import { progressEvents, yjsUpdates } from '../../../src/lib/server/db/schema';
import { waitForHealth } from '../../fixtures/health';
import { communityBuildings, signInParticipant, type Participant } from '../../fixtures/remote-participant';
import { freePort, ServerProcess } from '../../fixtures/server-process';
import { SyncClient, waitFor } from '../../fixtures/sync-client';
import { TcpProxy } from '../../fixtures/tcp-proxy';
import { createTestDatabase, type TestDatabase } from '../../fixtures/test-database';

const ready = process.env.TEST_DB_KIND === 'postgres';
if (!ready) {
	console.warn('[database-outage] SKIPPED on PGlite: an embedded database cannot go away while the server runs; this runs on PostgreSQL (TEST_DATABASE_URL).');
}

let database: TestDatabase | null = null;
let proxy: TcpProxy | null = null;
let server: ServerProcess | null = null;
const clients: SyncClient[] = [];

afterAll(async () => {
	for (const client of clients) client.destroy();
	await server?.kill();
	await proxy?.close();
	await closeDatabase();
	await database?.drop();
});

const taskId = 'task-db-outage';
/** A mark and the clock its writer reached with it: confirmed once the stored clock is ≥ `end`. */
type Mark = { code: string; end: number };
type Liaison = { who: Participant; client: SyncClient; buildingId: string; marks: Mark[] };

function connect(url: string, who: Participant): SyncClient {
	const client = SyncClient.forCommunity(url, who.communityId, who.cookie);
	clients.push(client);
	return client;
}

async function mark(liaison: Liaison, prefix: string, count: number, gapMs: number): Promise<Mark[]> {
	const marks: Mark[] = [];
	for (let n = 0; n < count; n++) {
		const code = `${prefix}-${n}`;
		markHousehold(liaison.client.doc, taskId, liaison.buildingId, code, { s: n % 2 ? 'absent' : 'visited', by: liaison.who.userId });
		marks.push({ code, end: Y.getState(liaison.client.doc.store, liaison.client.clientId) });
		await new Promise((resolve) => setTimeout(resolve, gapMs));
	}
	liaison.marks.push(...marks);
	return marks;
}

const storedClock = (liaison: Liaison) => liaison.client.stored.get(liaison.client.clientId) ?? 0;

function holds(client: SyncClient, buildingId: string, marks: readonly Mark[]): boolean {
	const progress = taskOf(client.doc, taskId)?.get('progress') as Y.Map<Y.Map<unknown>> | undefined;
	const building = progress?.get(buildingId);
	return !!building && marks.every((m) => building.has(m.code));
}

describe.skipIf(!ready)('PostgreSQL refusing connections during live sync', () => {
	it('keeps marks live but unconfirmed, reports it, and stores each mark once when the database returns', async () => {
		database = await createTestDatabase('postgres');
		const direct = new URL(database.config.kind === 'postgres' ? database.config.url : '');
		proxy = new TcpProxy(direct.hostname, Number(direct.port || 5432));
		const proxied = new URL(direct);
		proxied.hostname = '127.0.0.1';
		proxied.port = String(await proxy.listen());
		server = new ServerProcess(await freePort(), { DATABASE_URL: proxied.toString(), DEMO: '1' });
		await server.start();
		openDatabase(database.config);

		const [secretary, first, second] = await Promise.all(['secretary', 'liaison01', 'liaison02'].map((name) => signInParticipant(server!.url, name)));
		const buildings = await communityBuildings(server.url, secretary);
		const buildingOf = (who: Participant) => buildings.find((b) => who.microGridIds.includes(b.microGridId))!.id;
		const liaisons: Liaison[] = [first, second].map((who) => ({ who, client: connect(server!.url, who), buildingId: buildingOf(who), marks: [] }));
		const office = connect(server.url, secretary);
		await Promise.all([office, ...liaisons.map((l) => l.client)].map((client) => client.synced()));
		createTask(office.doc, { id: taskId, title: '燃气安全入户', kind: 'safety', instructions: '', createdBy: secretary.userId, createdAt: Date.now(), dueAt: null, scope: liaisons.map((l) => l.buildingId) });
		await waitFor(() => liaisons.every((l) => !!taskOf(l.client.doc, taskId)) && office.confirmed, 20_000, 'task stored and at both liaisons');
		for (const liaison of liaisons) await mark(liaison, `${liaison.who.username}-up`, 5, 5);
		await waitFor(() => liaisons.every((l) => l.client.confirmed), 20_000, 'marks confirmed while the database answers');

		// The database goes away: every connection cut, new ones closed at once.
		proxy.down();
		const [one, two] = liaisons;
		const downMarks = new Map<Liaison, Mark[]>();
		for (let round = 0; round < 3; round++) {
			for (const liaison of liaisons) downMarks.set(liaison, [...(downMarks.get(liaison) ?? []), ...(await mark(liaison, `${liaison.who.username}-down${round}`, 8, 20))]);
		}
		// Live: each liaison sees the other's marks at once, the database or not.
		await waitFor(() => holds(one.client, two.buildingId, downMarks.get(two)!) && holds(two.client, one.buildingId, downMarks.get(one)!), 20_000, 'marks cross while the database is down');
		const report = await waitForHealth(server.url, (body) => body.status === 503 && !body.ok && body.persistenceError !== null && body.pendingWrites > 0, 30_000, 'database outage reported');
		expect(report.ok).toBe(false);
		// A few seconds down; still no tick for any of it.
		await new Promise((resolve) => setTimeout(resolve, 3000));
		for (const liaison of liaisons) {
			expect(liaison.client.confirmed).toBe(false);
			expect(storedClock(liaison)).toBeLessThan(downMarks.get(liaison)![0].end);
		}

		proxy.up();
		await waitFor(() => liaisons.every((l) => l.client.confirmed), 60_000, 'every mark confirmed once the database is back');
		const healthy = await waitForHealth(server.url, (body) => body.ok && body.status === 200, 30_000, 'healthy again');
		expect(healthy.persistenceError).toBe(null);
		expect(healthy.pendingWrites).toBe(0);

		const rows = await db()
			.select({ code: progressEvents.householdCode, by: progressEvents.userId, count: sql<number>`count(*)::int` })
			.from(progressEvents)
			.where(eq(progressEvents.taskId, taskId))
			.groupBy(progressEvents.householdCode, progressEvents.userId);
		const expected = liaisons.flatMap((l) => l.marks.map((m) => ({ code: m.code, by: l.who.userId, count: 1 })));
		const byCode = (x: { code: string }, y: { code: string }) => x.code.localeCompare(y.code);
		expect(rows.sort(byCode)).toEqual(expected.sort(byCode));
		const doc = `community:${secretary.communityId}`;
		const duplicates = await db()
			.select({ count: sql<number>`count(*)::int` })
			.from(yjsUpdates)
			.where(eq(yjsUpdates.doc, doc))
			.groupBy(yjsUpdates.update)
			.having(sql`count(*) > 1`);
		expect(duplicates).toEqual([]);
	}, 180_000);
});
