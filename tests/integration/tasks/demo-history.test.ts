/**
 * The eight weeks of tasks `npm start` gives the demo (DEMO_SAMPLES=1): the live document holds
 * the open tasks and those closed within the archiving age, its projection rows equal it (as the
 * sync server's own projection reads it), older closed tasks are only rows, as archiving leaves
 * them, and the HTTP answers give the document's figures.
 */
import { and, desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSyncSettings } from '../../../server/sync/settings';
import * as Y from 'yjs';
import { loadDocument } from '../../../server/sync/persistence';
import { projectWrites } from '../../../server/sync/projection';
import type { LiveWrite } from '../../../src/lib/domain/live-rules';
import { tallyHouseholds } from '../../../src/lib/domain/progress';
import { communityDocName } from '../../../src/lib/domain/sync-protocol';
import { tasksOf } from '../../../src/lib/domain/task-doc';
import { db } from '../../../src/lib/server/db';
import { households, progressEvents, taskAcks, tasks, yjsUpdates } from '../../../src/lib/server/db/schema';
import { demoPlaces, sessionCookie, type DemoPlaces } from '../../fixtures/demo-places';
import { HttpClient } from '../../fixtures/http-client';
import { SyncClient } from '../../fixtures/sync-client';
import { startTestServer, type TestServer } from '../../fixtures/test-server';

let server: TestServer;
let places: DemoPlaces;
const doc = new Y.Doc();
const day = 86_400_000;

beforeAll(async () => {
	server = await startTestServer({ samples: true });
	places = await demoPlaces();
	// Read straight from the log, before any client makes the server load (and archive) it.
	for (const update of (await loadDocument(communityDocName(places.communityId))).updates) Y.applyUpdate(doc, update);
});
afterAll(() => server?.stop());

/** Every write that made the task as the document has it: the task, and each household's mark. */
function writesOf(taskId: string): LiveWrite[] {
	const writes: LiveWrite[] = [{ op: 'insert', path: ['tasks', taskId], content: { kind: 'map' } }];
	const progress = tasksOf(doc).get(taskId)!.get('progress') as Y.Map<Y.Map<unknown>>;
	for (const [buildingId, marks] of progress.entries())
		for (const code of marks.keys()) writes.push({ op: 'insert', path: ['tasks', taskId, 'progress', buildingId, code], content: { kind: 'values', values: [] } });
	return writes;
}

const time = (date: Date | null) => date?.getTime() ?? null;

describe('the demo history', () => {
	it('is stored as one server write, with weeks of tasks behind it', async () => {
		const log = await db().select({ userId: yjsUpdates.userId }).from(yjsUpdates).where(eq(yjsUpdates.doc, communityDocName(places.communityId)));
		expect(log).toEqual([{ userId: null }]);
		const rows = await db().select().from(tasks).where(eq(tasks.communityId, places.communityId));
		expect(rows.length).toBeGreaterThan(60);
		expect(Math.min(...rows.map((r) => r.createdAt!.getTime()))).toBeLessThan(Date.now() - 49 * day);
		// Open tasks and those closed within the archiving age (2 days): a week's worth at most.
		expect(tasksOf(doc).size).toBeGreaterThan(4);
		expect(tasksOf(doc).size).toBeLessThan(rows.length / 4);
	});

	it('has projection rows equal to the live document, task by task', async () => {
		let checked = 0;
		for (const taskId of tasksOf(doc).keys()) {
			const expected = projectWrites(doc, places.communityId, 'nobody', writesOf(taskId));
			const [row] = await db().select().from(tasks).where(eq(tasks.id, taskId));
			const { closedAt: _closed, updatedAt: _updated, ...fields } = row;
			const { closedAt: _now, ...expectedFields } = expected.tasks[0];
			expect(fields).toEqual(expectedFields);
			expect(row.closedAt === null).toBe(row.status === 'open');

			const acks = await db().select({ userId: taskAcks.userId, ackedAt: taskAcks.ackedAt }).from(taskAcks).where(eq(taskAcks.taskId, taskId));
			expect(new Map(acks.map((a) => [a.userId, a.ackedAt.getTime()]))).toEqual(new Map(expected.acks.map((a) => [a.userId, a.ackedAt!.getTime()])));

			const latest = await db()
				.selectDistinctOn([progressEvents.buildingId, progressEvents.householdCode])
				.from(progressEvents)
				.where(eq(progressEvents.taskId, taskId))
				.orderBy(progressEvents.buildingId, progressEvents.householdCode, desc(progressEvents.id));
			const stored = new Map(latest.map((e) => [`${e.buildingId}/${e.householdCode}`, { status: e.status, note: e.note, userId: e.userId, at: e.recordedAt.getTime() }]));
			const inDoc = new Map(expected.progress.map((p) => [`${p.buildingId}/${p.householdCode}`, { status: p.status, note: p.note, userId: p.userId, at: time(p.recordedAt as Date) }]));
			expect(stored).toEqual(inDoc);
			checked += inDoc.size;
		}
		expect(checked).toBeGreaterThan(2000);
	});

	it('keeps in the document exactly the tasks archiving would keep; the older ones only as rows', async () => {
		const rows = await db().select().from(tasks).where(eq(tasks.communityId, places.communityId));
		const archiveAfterMs = readSyncSettings(process.env).taskArchiveAfterMs;
		expect(archiveAfterMs).toBe(2 * day);
		const keep = (row: (typeof rows)[number]) => row.status === 'open' || row.closedAt!.getTime() > Date.now() - archiveAfterMs;
		expect(new Set(tasksOf(doc).keys())).toEqual(new Set(rows.filter(keep).map((r) => r.id)));
		const archived = rows.filter((row) => !keep(row));
		expect(archived.length).toBeGreaterThan(10);
		for (const row of archived.slice(0, 5)) {
			expect((await db().select().from(progressEvents).where(eq(progressEvents.taskId, row.id))).length).toBeGreaterThan(0);
			expect((await db().select().from(taskAcks).where(eq(taskAcks.taskId, row.id))).length).toBeGreaterThan(0);
		}

		// Loading the document through the server (archiving runs first) removes nothing.
		const client = SyncClient.forCommunity(server.url, places.communityId, await sessionCookie(server.url, 'secretary'));
		try {
			await client.synced();
			expect(new Set(tasksOf(client.doc).keys())).toEqual(new Set(tasksOf(doc).keys()));
		} finally {
			client.destroy();
		}
		const metrics = await (await fetch(`${server.url}/metrics`)).text();
		expect(metrics).toMatch(/^sync_tasks_archived_total 0$/m);
	});

	it('answers over HTTP with the figures of the document, and lists the archived tasks in the history', async () => {
		const http = new HttpClient(server.url);
		await http.signIn('chief1');
		const open = [...tasksOf(doc).entries()].filter(([, task]) => task.get('status') === 'open');
		for (const [taskId, task] of open) {
			const { status, body } = await http.getJson(`/api/tasks/${taskId}`);
			expect(status).toBe(200);
			const progress = task.get('progress') as Y.Map<Y.Map<never>>;
			for (const building of body.buildings as { buildingId: string; total: number; visited: number; absent: number; refused: number; issue: number }[]) {
				const codes = (await db().select({ code: households.code }).from(households).where(eq(households.buildingId, building.buildingId))).map((h) => h.code);
				const tally = tallyHouseholds(codes, new Map(progress.get(building.buildingId)?.entries() ?? []));
				expect(building).toMatchObject({ total: tally.total, visited: tally.visited, absent: tally.absent, refused: tally.refused, issue: tally.issue });
			}
		}
		const closed = await db().select({ id: tasks.id }).from(tasks).where(and(eq(tasks.communityId, places.communityId), eq(tasks.status, 'closed')));
		const { body } = await http.getJson(`/api/communities/${places.communityId}/tasks?status=closed`);
		expect(new Set(body.tasks.map((t: { id: string }) => t.id))).toEqual(new Set(closed.map((t) => t.id)));
	});
});
