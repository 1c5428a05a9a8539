import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { acknowledge, createTask, markHousehold, taskOf } from '../../../src/lib/domain/task-doc';
import { closeDatabase, db, openDatabase } from '../../../src/lib/server/db';
import { progressEvents } from '../../../src/lib/server/db/schema';
import { HttpClient } from '../../fixtures/http-client';
import { expectMarkAccepted, expectMarkRefused, moveScenario } from '../../fixtures/moved-building';
import { communityBuildings, signInParticipant } from '../../fixtures/remote-participant';
import { databaseEnv, freePort, ServerProcess } from '../../fixtures/server-process';
import { SyncClient, waitFor } from '../../fixtures/sync-client';
import { forgeUpdate, nextRefusal, sendUpdate } from '../../fixtures/sync-scenarios';
import { createTestDatabase, type TestDatabase } from '../../fixtures/test-database';

const ready = process.env.TEST_DB_KIND === 'postgres' && !!process.env.REDIS_URL;
if (!ready) {
	console.warn('[scale-out] SKIPPED: two instances need PostgreSQL (TEST_DATABASE_URL) and REDIS_URL; optional locally, CI sets both.');
}

let database: TestDatabase | null = null;
const servers: ServerProcess[] = [];
const clients: SyncClient[] = [];

afterAll(async () => {
	for (const client of clients) client.destroy();
	await Promise.all(servers.map((server) => server.stop()));
	await closeDatabase();
	await database?.drop();
});

async function metric(url: string, name: string): Promise<number> {
	const text = await (await fetch(`${url}/metrics`)).text();
	const line = text.split('\n').find((l) => l.startsWith(`${name} `));
	return Number(line?.split(' ')[1] ?? NaN);
}

async function waitForMetric(url: string, name: string, test: (value: number) => boolean): Promise<void> {
	const deadline = Date.now() + 20_000;
	let value = NaN;
	while (Date.now() < deadline) {
		value = await metric(url, name);
		if (test(value)) return;
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
	expect.fail(`${name} of ${url} stayed at ${value}`);
}

async function waitForHealth(url: string, test: (body: { docsLoaded: number; redis: string }) => boolean): Promise<void> {
	const deadline = Date.now() + 20_000;
	let body = null;
	while (Date.now() < deadline) {
		body = await (await fetch(`${url}/healthz`)).json();
		if (test(body)) return;
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
	throw new Error(`health never reached the expected state: ${JSON.stringify(body)}`);
}

describe.skipIf(!ready)('two server instances sharing PostgreSQL and Redis', () => {
	it('converge across instances, share presence, end sessions everywhere, and compact concurrently without loss', async () => {
		database = await createTestDatabase('postgres');
		const prefix = `grid-test-${process.pid}-${Math.random().toString(36).slice(2, 8)}:`;
		const env = {
			...databaseEnv(database.config),
			DEMO: '1',
			REDIS_URL: process.env.REDIS_URL as string,
			REDIS_PREFIX: prefix,
			SYNC_COMPACT_AFTER_ROWS: '5',
			SYNC_IDLE_UNLOAD_MS: '300'
		};
		const [a, b] = [new ServerProcess(await freePort(), env), new ServerProcess(await freePort(), env)];
		servers.push(a, b);
		await a.start();
		await b.start();
		await waitForHealth(a.url, (body) => body.redis === 'on');

		const [chief, liaison] = await Promise.all([signInParticipant(a.url, 'chief1'), signInParticipant(b.url, 'liaison01')]);
		const inGrid = (await communityBuildings(a.url, chief)).filter((building) => chief.gridIds.includes(building.gridId));
		const liaisonBuilding = inGrid.find((building) => liaison.microGridIds.includes(building.microGridId))!;
		const chiefBuilding = inGrid.find((building) => building.id !== liaisonBuilding.id)!;
		const onA = SyncClient.forCommunity(a.url, chief.communityId, chief.cookie);
		const onB = SyncClient.forCommunity(b.url, liaison.communityId, liaison.cookie);
		clients.push(onA, onB);
		await Promise.all([onA.synced(), onB.synced()]);

		createTask(onA.doc, { id: 'task-scale', title: '垃圾分类宣传', kind: 'publicity', instructions: '', createdBy: chief.userId, createdAt: Date.now(), dueAt: null, scope: inGrid.map((x) => x.id) });
		await waitFor(() => !!taskOf(onB.doc, 'task-scale'), 10_000, 'task crosses from A to B');
		acknowledge(onB.doc, 'task-scale', liaison.userId);
		await waitFor(() => (taskOf(onA.doc, 'task-scale')?.get('acks') as Y.Map<number>).has(liaison.userId), 10_000, 'ack crosses from B to A');

		onA.provider.awareness.setLocalStateField('looking', 'board');
		await waitFor(() => [...onB.provider.awareness.getStates().values()].some((state) => state.userId === chief.userId && state.looking === 'board'), 10_000, 'presence crosses');

		// Both instances write and compact at once (every 5 rows); nothing may be lost.
		const written: string[] = [];
		for (let round = 0; round < 150; round++) {
			markHousehold(onA.doc, 'task-scale', chiefBuilding.id, `a-${round}`, { s: 'visited', by: chief.userId });
			markHousehold(onB.doc, 'task-scale', liaisonBuilding.id, `b-${round}`, { s: 'absent', by: liaison.userId });
			written.push(`a-${round}`, `b-${round}`);
			if (round % 10 === 0) await new Promise((resolve) => setTimeout(resolve, 5));
		}
		await waitFor(() => onA.confirmed && onB.confirmed, 20_000, 'all writes stored');
		await waitFor(() => Y.encodeStateAsUpdate(onA.doc).length === Y.encodeStateAsUpdate(onB.doc).length, 10_000, 'instances converge');
		expect(onA.doc.getMap('tasks').toJSON()).toEqual(onB.doc.getMap('tasks').toJSON());
		for (const server of [a, b]) await waitForMetric(server.url, 'sync_compactions_total', (value) => value > 0);
		const expected = onA.doc.getMap('tasks').toJSON();

		// Signing out on A closes the liaison's socket on B.
		const liaisonHttp = new HttpClient(a.url);
		liaisonHttp.cookies.set('grid-session', liaison.cookie.split('=')[1]);
		await liaisonHttp.postForm('/logout', {});
		await waitFor(() => onB.closed !== null, 10_000, 'socket on B closed');
		expect(onB.closed?.code).toBe(4401);

		for (const client of clients.splice(0)) client.destroy();
		await Promise.all([a, b].map((server) => waitForHealth(server.url, (body) => body.docsLoaded === 0)));
		const fresh = SyncClient.forCommunity(b.url, chief.communityId, chief.cookie);
		clients.push(fresh);
		await fresh.synced();
		expect(fresh.doc.getMap('tasks').toJSON()).toEqual(expected);

		openDatabase(database.config);
		const events = await db().select({ code: progressEvents.householdCode }).from(progressEvents).where(eq(progressEvents.taskId, 'task-scale'));
		expect(events.map((event) => event.code).sort()).toEqual(written.sort());
	}, 120_000);

	it("binds client ids across instances: a user on B cannot write under an id bound or shown on A", async () => {
		const db2 = await createTestDatabase('postgres');
		const env = { ...databaseEnv(db2.config), DEMO: '1', REDIS_URL: process.env.REDIS_URL as string, REDIS_PREFIX: `grid-test-${process.pid}-${Math.random().toString(36).slice(2, 8)}:` };
		const [a, b] = [new ServerProcess(await freePort(), env), new ServerProcess(await freePort(), env)];
		servers.push(a, b);
		try {
			await a.start();
			await b.start();
			await waitForHealth(b.url, (body) => body.redis === 'on');
			const [victim, attacker, watcher] = await Promise.all([signInParticipant(a.url, 'liaison01'), signInParticipant(b.url, 'chief1'), signInParticipant(a.url, 'liaison02')]);
			const building = (await communityBuildings(a.url, attacker)).find((x) => victim.microGridIds.includes(x.microGridId))!;
			const open = (url: string, who: typeof victim) => {
				const client = SyncClient.forCommunity(url, who.communityId, who.cookie);
				clients.push(client);
				return client;
			};
			const [onA, onB] = [open(a.url, victim), open(b.url, attacker)];
			await Promise.all([onA.synced(), onB.synced()]);
			createTask(onB.doc, { id: 'task-ids', title: '入户排查', kind: 'check', instructions: '', createdBy: attacker.userId, createdAt: Date.now(), dueAt: null, scope: [building.id] });
			await waitFor(() => !!taskOf(onA.doc, 'task-ids'), 10_000, 'the task reaches A');
			const marks = (doc: Y.Doc) => (taskOf(doc, 'task-ids')?.get('progress') as Y.Map<Y.Map<{ by: string }>>).get(building.id)!;

			// Bound by a write on A, known on B through the binding that travels with the update.
			markHousehold(onA.doc, 'task-ids', building.id, '1-101', { s: 'visited', by: victim.userId });
			await waitFor(() => marks(onB.doc).has('1-101') && onA.confirmed, 10_000, 'the victim’s mark reaches B');
			const squat = forgeUpdate(onB.doc, (doc) => markHousehold(doc, 'task-ids', building.id, '1-102', { s: 'visited', by: attacker.userId }), onA.clientId);
			expect(await nextRefusal(onB, () => sendUpdate(onB, squat.update))).toBe(`client-id ${onA.clientId}`);

			// Shown on A (presence) before any write: B knows whose it is from the presence A relayed.
			const quiet = open(a.url, watcher);
			await quiet.synced();
			quiet.provider.awareness.setLocalStateField('looking', 'board');
			await waitFor(() => onB.provider.awareness.getStates().has(quiet.clientId), 10_000, 'presence reaches B');
			const early = forgeUpdate(onB.doc, (doc) => markHousehold(doc, 'task-ids', building.id, '1-103', { s: 'visited', by: attacker.userId }), quiet.clientId);
			expect(await nextRefusal(onB, () => sendUpdate(onB, early.update))).toBe(`client-id ${quiet.clientId}`);

			// The real owners keep writing under their ids, and both instances agree.
			markHousehold(onA.doc, 'task-ids', building.id, '1-104', { s: 'absent', by: victim.userId });
			await waitFor(() => marks(onB.doc).has('1-104') && onA.confirmed, 10_000, 'the victim writes on');
			const [freshA, freshB] = [open(a.url, victim), open(b.url, attacker)];
			await Promise.all([freshA.synced(), freshB.synced()]);
			await waitFor(() => marks(freshA.doc).size === 2 && marks(freshB.doc).size === 2, 10_000, 'fresh clients converge');
			expect(marks(freshA.doc).toJSON()).toEqual(marks(freshB.doc).toJSON());
			expect([...marks(freshB.doc).keys()].sort()).toEqual(['1-101', '1-104']);
		} finally {
			for (const client of clients.splice(0)) client.destroy();
			await Promise.all([a.stop(), b.stop()]);
			await db2.drop();
		}
	}, 120_000);

	it('a building moved over HTTP on A is judged at its new place on B, by the time B\'s clients see the structure signal', async () => {
		const db3 = await createTestDatabase('postgres');
		const env = { ...databaseEnv(db3.config), DEMO: '1', REDIS_URL: process.env.REDIS_URL as string, REDIS_PREFIX: `grid-test-${process.pid}-${Math.random().toString(36).slice(2, 8)}:` };
		const [a, b] = [new ServerProcess(await freePort(), env), new ServerProcess(await freePort(), env)];
		servers.push(a, b);
		let scenario: Awaited<ReturnType<typeof moveScenario>> | null = null;
		try {
			await a.start();
			await b.start();
			await waitForHealth(b.url, (body) => body.redis === 'on');
			// Every socket is on B; only the structure API is asked on A.
			scenario = await moveScenario(a.url, b.url);
			const { before, after } = scenario;
			await expectMarkAccepted(scenario, before, '1-101');
			await expectMarkRefused(scenario, after, '1-102');
			const version = after.client.doc.getMap('signals').get('structureVersion');

			await scenario.move();
			// What a map does: it learns of the change from the signal, and its user marks at once.
			await waitFor(() => after.client.doc.getMap('signals').get('structureVersion') !== version, 10_000, 'the signal reaches B');
			await expectMarkAccepted(scenario, after, '1-103');
			await expectMarkRefused(scenario, before, '1-104');
		} finally {
			scenario?.destroy();
			await Promise.all([a.stop(), b.stop()]);
			await db3.drop();
		}
	}, 120_000);
});
