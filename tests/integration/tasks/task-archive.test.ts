/**
 * Archiving while a document is loaded: with `TASK_ARCHIVE_AFTER_MS` shortened to
 * seconds and the check run every 200 ms, a closed task leaves the live document of every
 * connected client, as a stored server write, once it has been closed that long by the
 * projection's clock; its final figures stay readable from the projection, and marks a phone
 * made offline across the archive still reach them.
 */
import { and, eq, gt } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { acknowledge, closeTask, createTask, markHousehold, reopenTask, startNextRound, taskOf } from '../../../src/lib/domain/task-doc';
import { newTaskId } from '../../../src/lib/domain/task-ids';
import { db } from '../../../src/lib/server/db';
import { progressEvents, taskArchivePaths, tasks, yjsUpdates } from '../../../src/lib/server/db/schema';
import type { HttpClient } from '../../fixtures/http-client';
import { signInAll } from '../../fixtures/structure-places';
import { quietly, waitFor, type SyncClient } from '../../fixtures/sync-client';
import { metric } from '../../fixtures/raw-sync-socket';
import { forgeUpdate, nextRefusal, sendUpdate, SyncScenario, writeRefusals } from '../../fixtures/sync-scenarios';
import { documentFacts, eventually, projectedFacts } from '../../fixtures/task-factory';

/** Times in the document must lie between 2020 and a day ahead of the server's clock; the test's own clock starts an hour ago. */
const T = Date.now() - 3_600_000;

// Long enough that setting up the first case (stored, projected, three API reads) ends well inside it on a loaded machine.
const archiveAfterMs = 8_000;
const settings = { TASK_ARCHIVE_AFTER_MS: String(archiveAfterMs), TASK_ARCHIVE_EVERY_MS: '200' };
const saved = Object.fromEntries(Object.keys(settings).map((key) => [key, process.env[key]]));

let world: SyncScenario;
let chief: SyncClient;
let liaison: SyncClient;
let liaison2: SyncClient;
let clients: Map<string, HttpClient>;
let own: string[];
let ids: { chief: string; liaison: string; liaison2: string };

const as = (username: string) => clients.get(username)!;
const api = async (path: string, username = 'chief1') => {
	const { status, body } = await as(username).getJson(path);
	expect(status, `${username} GET ${path}`).toBe(200);
	return body;
};
const holds = (client: SyncClient, taskId: string) => !!taskOf(client.doc, taskId);

async function stored(client: SyncClient) {
	await waitFor(() => client.confirmed, 10_000, 'stored');
}

beforeAll(async () => {
	Object.assign(process.env, settings);
	world = await SyncScenario.start();
	own = world.places.liaison01Buildings;
	ids = { chief: world.userId('chief1'), liaison: world.userId('liaison01'), liaison2: world.userId('liaison02') };
	[chief, liaison, liaison2] = await Promise.all([world.connect('chief1'), world.connect('liaison01'), world.connect('liaison02')]);
	clients = await signInAll(world.server.url, ['chief1', 'liaison01', 'street1']);
});
afterAll(async () => {
	await world?.stop();
	for (const [key, value] of Object.entries(saved)) {
		if (value === undefined) delete process.env[key];
		else process.env[key] = value;
	}
});

describe('a closed task leaves the live document after TASK_ARCHIVE_AFTER_MS', () => {
	let taskId: string;
	let secondRound: string;
	let before: { detail: unknown; closedList: { id: string }[]; rounds: unknown };
	let closedAt: number;
	let logMark: number;

	beforeAll(async () => {
		// liaison02 takes part through a building of its own (only those who do may ack).
		const task = world.newTask(ids.chief, [...own, world.places.liaison02Buildings[0]], { id: newTaskId(), title: '垃圾分类宣传', kind: 'publicity' });
		taskId = task.id;
		createTask(chief.doc, task);
		await waitFor(() => holds(liaison, taskId) && holds(liaison2, taskId), 10_000, 'dispatched');
		await stored(chief);
		acknowledge(liaison.doc, taskId, ids.liaison, T + 1_000);
		acknowledge(liaison2.doc, taskId, ids.liaison2, T + 2_000);
		liaison.doc.transact(() => {
			markHousehold(liaison.doc, taskId, own[0], '1-101', { s: 'visited', by: ids.liaison, at: T + 3_000 });
			markHousehold(liaison.doc, taskId, own[0], '1-102', { s: 'absent', by: ids.liaison, at: T + 4_000 });
			markHousehold(liaison.doc, taskId, own[0], '2-201', { s: 'issue', by: ids.liaison, at: T + 5_000, note: '电动车楼道充电' });
		});
		await Promise.all([stored(liaison), stored(liaison2)]);
		await waitFor(() => holds(chief, taskId) && (taskOf(chief.doc, taskId)!.get('acks') as Y.Map<number>).size === 2, 10_000, 'acks reach the chief');
		// A second round, itself still open, so the chain outlives the first task.
		secondRound = newTaskId();
		startNextRound(chief.doc, taskId, { id: secondRound, createdBy: ids.chief, createdAt: Date.now(), dueAt: null });
		closeTask(chief.doc, taskId);
		await stored(chief);
		await eventually(async () => expect(await projectedFacts(taskId)).toEqual(documentFacts(chief.doc, taskId)));
		const row = (await db().select().from(tasks).where(eq(tasks.id, taskId)))[0];
		closedAt = row.closedAt!.getTime();
		logMark = (await world.logMark()) ?? 0;
		before = {
			detail: await api(`/api/tasks/${taskId}`),
			closedList: (await api(`/api/communities/${world.places.communityId}/tasks?status=closed`)).tasks,
			rounds: await api(`/api/tasks/${taskId}/rounds`)
		};
	});

	it('stays while younger than the setting, then leaves every connected client’s document', async () => {
		// Well inside the age limit it is still there for everyone.
		await quietly(Math.max(0, closedAt + archiveAfterMs / 2 - Date.now()));
		expect([holds(chief, taskId), holds(liaison, taskId), holds(liaison2, taskId)]).toEqual([true, true, true]);

		await waitFor(() => !holds(chief, taskId) && !holds(liaison, taskId) && !holds(liaison2, taskId), 15_000, 'the task leaves every client');
		expect(Date.now() - closedAt).toBeGreaterThanOrEqual(archiveAfterMs);
		// Only that task: the open second round stays.
		expect([holds(chief, secondRound), holds(liaison, secondRound)]).toEqual([true, true]);
	});

	it('is a stored server write: in the log without a user, and a fresh load does not have the task', async () => {
		// Clients get the write at once; the log gets it with the next group commit.
		await eventually(async () => {
			const rows = await db()
				.select({ userId: yjsUpdates.userId })
				.from(yjsUpdates)
				.where(and(eq(yjsUpdates.doc, world.docName), gt(yjsUpdates.id, logMark)));
			expect(rows.map((row) => row.userId)).toContain(null);
		});
		const fresh = await world.storedDoc();
		expect(fresh.getMap('tasks').has(taskId)).toBe(false);
		expect(fresh.getMap('tasks').has(secondRound)).toBe(true);
		const late = await world.connect('liaison01');
		expect(holds(late, taskId)).toBe(false);
		expect(holds(late, secondRound)).toBe(true);
	});

	it('leaves the projection as it was: the tasks row, the task API, the closed list and the rounds give the final figures', async () => {
		expect(await projectedFacts(taskId)).toMatchObject({
			fields: { status: 'closed', title: '垃圾分类宣传', scope: [...own, world.places.liaison02Buildings[0]] },
			acks: { [ids.liaison]: T + 1_000, [ids.liaison2]: T + 2_000 }
		});
		expect((await db().select().from(tasks).where(eq(tasks.id, taskId)))[0].closedAt!.getTime()).toBe(closedAt);
		const detail = await api(`/api/tasks/${taskId}`, 'street1');
		expect(detail).toEqual(before.detail);
		expect(detail).toMatchObject({
			status: 'closed',
			closedAt,
			acks: [
				{ userId: ids.liaison, at: T + 1_000 },
				{ userId: ids.liaison2, at: T + 2_000 }
			]
		});
		expect(detail.buildings[0]).toMatchObject({ buildingId: own[0], visited: 1, absent: 1, refused: 0, issue: 1, lastAt: T + 5_000 });

		const closedList = (await api(`/api/communities/${world.places.communityId}/tasks?status=closed`, 'liaison01')).tasks;
		expect(closedList).toEqual(before.closedList);
		expect(closedList.find((t: { id: string }) => t.id === taskId)).toMatchObject({ status: 'closed', closedAt, done: 3, acks: 2 });
		const rounds = await api(`/api/tasks/${secondRound}/rounds`);
		expect(rounds).toEqual(before.rounds);
		expect(rounds.rounds.map((r: { id: string; done: number }) => [r.id, r.done])).toEqual([
			[taskId, 3],
			[secondRound, 0]
		]);
	});

	it('its id is never taken again: a chief creating a task under it is refused and the stored task stays as it was', async () => {
		const [row] = await db().select().from(tasks).where(eq(tasks.id, taskId));
		const forged = forgeUpdate(chief.doc, (doc) => createTask(doc, world.newTask(ids.chief, own, { id: taskId, title: '冒名的任务' })));
		expect(await nextRefusal(chief, () => sendUpdate(chief, forged.update))).toBe(`forbidden tasks/${taskId}`);
		await waitFor(() => (chief.stored.get(forged.clientId) ?? 0) > 0, 10_000, 'the empty placeholder is stored');
		expect(holds(liaison, taskId)).toBe(false);
		expect((await db().select().from(tasks).where(eq(tasks.id, taskId)))[0]).toEqual(row);
		expect(await api(`/api/tasks/${taskId}`, 'street1')).toEqual(before.detail);
	});

	it('marks made offline into the task before it was archived are stored, counted and confirmed when they arrive; a mark outside the micro-grid is refused', async () => {
		// A task closed and archived while a liaison was offline and still marking it.
		const task = world.newTask(ids.chief, own, { id: newTaskId() });
		createTask(chief.doc, task);
		await waitFor(() => holds(liaison, task.id), 10_000, 'dispatched');
		markHousehold(liaison.doc, task.id, own[0], '1-101', { s: 'absent', by: ids.liaison, at: T + 5_500 });
		await stored(liaison);
		await stored(chief);
		liaison.provider.disconnect();
		const refusedBefore = liaison.refusals.length;
		// Offline: a door marked again (its origin is the stored mark), a new door, and a hand-made mark
		// into liaison02's building (outside this liaison's micro-grid, a map the phone makes itself).
		markHousehold(liaison.doc, task.id, own[0], '1-101', { s: 'visited', by: ids.liaison, at: T + 6_000 });
		markHousehold(liaison.doc, task.id, own[0], '2-201', { s: 'issue', by: ids.liaison, at: T + 6_500, note: '楼道堆物' });
		const foreign = world.places.liaison02Buildings[0];
		markHousehold(liaison.doc, task.id, foreign, '9-901', { s: 'visited', by: ids.liaison, at: T + 7_000 });
		closeTask(chief.doc, task.id);
		await waitFor(() => !holds(chief, task.id), 15_000, 'archived');
		const [paths] = await db().select().from(taskArchivePaths).where(eq(taskArchivePaths.taskId, task.id));
		expect(paths?.communityId).toBe(world.places.communityId);

		liaison.provider.connect();
		await liaison.synced();
		await waitFor(() => !holds(liaison, task.id), 10_000, 'the archive reaches the returning liaison');
		await waitFor(() => liaison.confirmed, 10_000, 'its offline changes are stored');
		await eventually(async () => {
			const events = await db().select().from(progressEvents).where(eq(progressEvents.taskId, task.id));
			expect(events.map((e) => [e.buildingId, e.householdCode, e.status, e.userId, e.recordedAt.getTime()]).sort()).toEqual([
				[own[0], '1-101', 'absent', ids.liaison, T + 5_500],
				[own[0], '1-101', 'visited', ids.liaison, T + 6_000],
				[own[0], '2-201', 'issue', ids.liaison, T + 6_500]
			]);
		});
		// The only refusals are of the building outside the micro-grid (its map, made offline, and the mark in it).
		const refused = liaison.refusals.slice(refusedBefore);
		expect(refused.length).toBeGreaterThan(0);
		for (const refusal of refused) expect(refusal).toMatch(new RegExp(`^forbidden tasks/${task.id}/progress/${foreign}`));
		const detail = await api(`/api/tasks/${task.id}`);
		expect(detail.buildings.find((b: { buildingId: string }) => b.buildingId === own[0])).toMatchObject({ visited: 1, issue: 1, absent: 0 });
		// The document stays without the task: the late marks are tombstones in it.
		expect((await world.storedDoc()).getMap('tasks').has(task.id)).toBe(false);
	});

	it('a flood of changes into forgotten structs no archive knows reads the archived paths at most once, and each is refused', async () => {
		// liaison02 hand-makes a task, which is refused: the server keeps only an empty placeholder of its clocks.
		const scratch = new Y.Doc();
		Y.applyUpdate(scratch, Y.encodeStateAsUpdate(liaison2.doc));
		const taskId = newTaskId();
		const before = Y.encodeStateVector(scratch);
		createTask(scratch, world.newTask(ids.chief, own, { id: taskId }));
		const placeholder = Y.encodeStateAsUpdate(scratch, before);
		expect(await nextRefusal(liaison2, () => sendUpdate(liaison2, placeholder))).toMatch(/^forbidden /);

		// Marks into that task name forgotten structs the archived paths do not hold: each is a miss.
		const readsBefore = await metric(world.server.url, 'sync_archived_path_reads_total');
		const refusedBefore = writeRefusals(liaison2).length;
		const flood = 40;
		for (let i = 0; i < flood; i++) {
			const { update } = forgeUpdate(scratch, (doc) => markHousehold(doc, taskId, own[0], `1-${101 + i}`, { s: 'visited', by: ids.liaison2, at: T + 8_000 }));
			sendUpdate(liaison2, update);
		}
		await waitFor(() => writeRefusals(liaison2).length >= refusedBefore + flood, 20_000, 'every change of the flood refused');
		const refused = writeRefusals(liaison2).slice(refusedBefore);
		expect(refused.filter((refusal) => !refusal.startsWith('unknown-parent '))).toEqual([]);
		// One read when the paths are missing or over 10 s old, none while they are fresh; never one per change.
		expect((await metric(world.server.url, 'sync_archived_path_reads_total')) - readsBefore).toBeLessThanOrEqual(1);
		const events = await db().select().from(progressEvents).where(eq(progressEvents.taskId, taskId));
		expect(events).toEqual([]);
	});
});

describe('a task that is not (or no longer) closed stays', () => {
	it('reopened before the time is up, it is kept however long it then stays open', async () => {
		const task = world.newTask(ids.chief, own, { id: newTaskId() });
		createTask(chief.doc, task);
		await waitFor(() => holds(liaison2, task.id), 10_000, 'dispatched');
		closeTask(chief.doc, task.id);
		await stored(chief);
		await expect.poll(async () => (await db().select().from(tasks).where(eq(tasks.id, task.id)))[0]?.status, { timeout: 10_000 }).toBe('closed');
		reopenTask(chief.doc, task.id);
		await stored(chief);
		await quietly(archiveAfterMs + 1_000);
		expect([holds(chief, task.id), holds(liaison2, task.id)]).toEqual([true, true]);
		expect((await db().select().from(tasks).where(eq(tasks.id, task.id)))[0]).toMatchObject({ status: 'open', closedAt: null });
	});
});
