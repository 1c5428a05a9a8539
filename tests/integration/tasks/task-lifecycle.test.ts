/**
 * A task's life through the live document, against the real server with stock sync
 * clients: dispatch, edits, acknowledgements, marks, reminders, closing and reopening, new
 * rounds. After each step the projection (`tasks`, `task_acks`, `progress_events`) says what
 * the document says, and the task API answers from it. Writes a liaison may not make are
 * refused, and nothing of them is stored or projected.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import {
	acknowledge,
	addNote,
	closeTask,
	createTask,
	markHousehold,
	reopenTask,
	sendReminder,
	setScope,
	setTaskField,
	startNextRound,
	taskOf
} from '../../../src/lib/domain/task-doc';
import { newTaskId } from '../../../src/lib/domain/task-ids';
import { db } from '../../../src/lib/server/db';
import { tasks } from '../../../src/lib/server/db/schema';
import { HttpClient } from '../../fixtures/http-client';
import { signInAll } from '../../fixtures/structure-places';
import type { SyncClient } from '../../fixtures/sync-client';
import { waitFor } from '../../fixtures/sync-client';
import { forgeUpdate, nextRefusal, sendUpdate, SyncScenario, writeRefusals } from '../../fixtures/sync-scenarios';
import { allProjectionRows, documentFacts, eventually, projectedFacts } from '../../fixtures/task-factory';

/** Times in the document must lie between 2020 and a day ahead of the server's clock; the test's own clock starts an hour ago. */
const T = Date.now() - 3_600_000;

let world: SyncScenario;
let secretary: SyncClient;
let chief: SyncClient;
let liaison: SyncClient;
let clients: Map<string, HttpClient>;
let ids: { secretary: string; chief: string; liaison: string; liaison2: string };
/** liaison01's buildings (one, in the demo); a building of another micro-grid of chief1's grid (liaison02…07). */
let own: string[];
let neighbour: string;

const as = (username: string) => clients.get(username)!;
const detail = async (taskId: string, username = 'chief1') => (await as(username).getJson(`/api/tasks/${taskId}`)).body;
const rounds = (taskId: string, username = 'chief1') => as(username).getJson(`/api/tasks/${taskId}/rounds`);
const listed = async (query = '') => (await as('chief1').getJson(`/api/communities/${world.places.communityId}/tasks${query}`)).body.tasks as { id: string }[];
const taskRow = async (taskId: string) => (await db().select().from(tasks).where(eq(tasks.id, taskId)))[0];

/** Waits until the projection of `taskId` says what `doc` (and every other client's copy) says. */
async function projectionMatches(taskId: string, doc: Y.Doc = secretary.doc) {
	const wanted = () => documentFacts(doc, taskId);
	await eventually(async () => expect(await projectedFacts(taskId)).toEqual(wanted()));
	for (const client of [chief, liaison]) expect(documentFacts(client.doc, taskId), 'the same in every client').toEqual(wanted());
	return wanted()!;
}

/** Makes `change` in `writer`'s document and waits until every client has it and the writer's changes are stored. */
async function write(writer: SyncClient, change: (doc: Y.Doc) => void, seen: (doc: Y.Doc) => boolean) {
	const refusals = writeRefusals(writer).length;
	change(writer.doc);
	for (const client of [secretary, chief, liaison]) await waitFor(() => seen(client.doc), 10_000, 'the change reaches every client');
	await waitFor(() => writer.confirmed, 10_000, 'the change is stored');
	expect(writeRefusals(writer).slice(refusals)).toEqual([]);
}

const has = (taskId: string, check: (task: Y.Map<unknown>) => boolean) => (doc: Y.Doc) => {
	const task = taskOf(doc, taskId);
	return !!task && check(task);
};

/**
 * `forged` (made in a scratch copy of the writer's document) is refused with `reason`; once a
 * later note of the writer is stored, no projection table has changed and no client has it.
 */
async function expectRefused(writer: SyncClient, forged: { update: Uint8Array; clientId: number }, reason: string, taskId: string) {
	const before = await allProjectionRows();
	const documentBefore = documentFacts(secretary.doc, taskId);
	expect(await nextRefusal(writer, () => sendUpdate(writer, forged.update))).toBe(reason);
	const text = `after ${reason}`;
	await write(
		writer,
		(doc) => addNote(doc, taskId, { by: world.userId('liaison01'), at: Date.now(), text }),
		has(taskId, (task) => (task.get('notes') as Y.Array<{ text: string }>).toArray().some((note) => note.text === text))
	);
	expect(await allProjectionRows()).toEqual(before);
	expect(documentFacts(secretary.doc, taskId)).toEqual(documentBefore);
	expect(documentFacts(chief.doc, taskId)).toEqual(documentBefore);
}

beforeAll(async () => {
	world = await SyncScenario.start();
	const { places } = world;
	own = places.liaison01Buildings;
	neighbour = places.chief1OtherBuildings[0];
	expect(own.length).toBeGreaterThan(0);
	expect(neighbour).toBeTruthy();
	ids = { secretary: world.userId('secretary'), chief: world.userId('chief1'), liaison: world.userId('liaison01'), liaison2: world.userId('liaison02') };
	[secretary, chief, liaison] = await Promise.all([world.connect('secretary'), world.connect('chief1'), world.connect('liaison01')]);
	clients = await signInAll(world.server.url, ['chief1', 'liaison01', 'street1', 'property1']);
});
afterAll(async () => {
	await world?.stop();
});

describe('a task through the document: dispatched, edited, worked on, closed and reopened', () => {
	let taskId: string;

	it('a chief dispatches a task; every client gets it and the tasks row says the same', async () => {
		const task = world.newTask(ids.chief, own, { id: newTaskId(), title: '燃气安全入户排查', kind: 'safety', dueAt: Date.UTC(2026, 11, 1, 14) });
		taskId = task.id;
		await write(chief, (doc) => createTask(doc, task), has(taskId, () => true));
		const facts = await projectionMatches(taskId);
		expect(facts.fields).toEqual({
			title: '燃气安全入户排查',
			kind: 'safety',
			instructions: task.instructions,
			status: 'open',
			round: 1,
			roundOf: null,
			createdBy: ids.chief,
			createdAt: task.createdAt,
			dueAt: Date.UTC(2026, 11, 1, 14),
			scope: own,
			reminders: 0
		});
		expect(await taskRow(taskId)).toMatchObject({ closedAt: null, communityId: world.places.communityId });
	});

	it('the chief edits instructions, due time and scope (setScope); the projection follows', async () => {
		const scope = [...own.slice(1), neighbour];
		await write(
			chief,
			(doc) =>
				doc.transact(() => {
					setTaskField(doc, taskId, 'instructions', '重点关注独居老人和出租户');
					setTaskField(doc, taskId, 'dueAt', Date.UTC(2026, 11, 2, 4));
					setScope(doc, taskId, scope);
				}),
			has(taskId, (task) => task.get('dueAt') === Date.UTC(2026, 11, 2, 4))
		);
		const facts = await projectionMatches(taskId);
		expect(facts.fields).toMatchObject({ instructions: '重点关注独居老人和出租户', dueAt: Date.UTC(2026, 11, 2, 4), scope });
		expect((await detail(taskId)).buildings.map((b: { buildingId: string }) => b.buildingId)).toEqual(scope);

		const backHome = (task: Y.Map<unknown>) => !(task.get('scope') as Y.Array<string>).toArray().includes(neighbour);
		await write(chief, (doc) => setScope(doc, taskId, own), has(taskId, backHome));
		expect((await projectionMatches(taskId)).fields.scope).toEqual([...own.slice(1), own[0]]);
	});

	it('acknowledgements, marks and reminders land in task_acks, progress_events and the reminder count', async () => {
		await write(liaison, (doc) => acknowledge(doc, taskId, ids.liaison, Date.UTC(2026, 10, 30, 11, 42)), has(taskId, (task) => (task.get('acks') as Y.Map<number>).has(ids.liaison)));
		await write(
			liaison,
			(doc) =>
				doc.transact(() => {
					markHousehold(doc, taskId, own[0], '1-101', { s: 'visited', by: ids.liaison, at: T + 1_000 });
					markHousehold(doc, taskId, own[0], '1-102', { s: 'issue', by: ids.liaison, at: T + 2_000, note: '楼道堆放杂物' });
					markHousehold(doc, taskId, own[0], '2-201', { s: 'refused', by: ids.liaison, at: T + 3_000 });
				}),
			has(taskId, (task) => (task.get('progress') as Y.Map<Y.Map<unknown>>).get(own[0])?.has('2-201') ?? false)
		);
		await write(chief, (doc) => sendReminder(doc, taskId, { by: ids.chief, at: T + 4_000, to: [ids.liaison2] }), has(taskId, (task) => (task.get('reminders') as Y.Array<unknown>).length === 1));
		// A changed mark, a cleared one, and the ack given again later.
		await write(
			liaison,
			(doc) =>
				doc.transact(() => {
					markHousehold(doc, taskId, own[0], '1-101', { s: 'absent', by: ids.liaison, at: T + 5_000 });
					markHousehold(doc, taskId, own[0], '2-201', null);
					acknowledge(doc, taskId, ids.liaison, Date.UTC(2026, 10, 30, 11, 50));
				}),
			has(taskId, (task) => !(task.get('progress') as Y.Map<Y.Map<unknown>>).get(own[0])?.has('2-201'))
		);
		const facts = await projectionMatches(taskId);
		expect(facts.acks).toEqual({ [ids.liaison]: Date.UTC(2026, 10, 30, 11, 50) });
		expect(facts.fields.reminders).toBe(1);
		expect(facts.marks).toEqual({
			[own[0]]: {
				'1-101': { s: 'absent', by: ids.liaison, at: T + 5_000 },
				'1-102': { s: 'issue', by: ids.liaison, at: T + 2_000, note: '楼道堆放杂物' }
			}
		});

		const body = await detail(taskId, 'street1');
		expect(body).toMatchObject({ id: taskId, status: 'open', acks: [{ userId: ids.liaison, at: Date.UTC(2026, 10, 30, 11, 50) }], reminders: 1 });
		expect(body.buildings.find((b: { buildingId: string }) => b.buildingId === own[0])).toMatchObject({ visited: 0, absent: 1, issue: 1, refused: 0, lastAt: T + 5_000 });
	});

	it('closing sets closedAt once: later edits of the closed task keep the first closing time', async () => {
		await write(chief, (doc) => closeTask(doc, taskId), has(taskId, (task) => task.get('status') === 'closed'));
		await projectionMatches(taskId);
		const closed = await taskRow(taskId);
		expect(closed.closedAt).toBeInstanceOf(Date);
		const firstClosing = closed.closedAt!.getTime();
		expect(Math.abs(firstClosing - Date.now())).toBeLessThan(30_000);

		await new Promise((resolve) => setTimeout(resolve, 50));
		await write(chief, (doc) => setTaskField(doc, taskId, 'title', '燃气安全入户排查（已完成）'), has(taskId, (task) => task.get('title') === '燃气安全入户排查（已完成）'));
		await projectionMatches(taskId);
		expect((await taskRow(taskId)).closedAt!.getTime()).toBe(firstClosing);
		expect((await detail(taskId)).closedAt).toBe(firstClosing);
		expect((await listed('?status=closed')).map((t) => t.id)).toContain(taskId);
	});

	it('reopening clears closedAt; closing again sets a new one', async () => {
		const firstClosing = (await taskRow(taskId)).closedAt!.getTime();
		await write(chief, (doc) => reopenTask(doc, taskId), has(taskId, (task) => task.get('status') === 'open'));
		await projectionMatches(taskId);
		expect(await taskRow(taskId)).toMatchObject({ status: 'open', closedAt: null });
		expect((await listed('?status=open')).map((t) => t.id)).toContain(taskId);

		await new Promise((resolve) => setTimeout(resolve, 50));
		await write(chief, (doc) => closeTask(doc, taskId), has(taskId, (task) => task.get('status') === 'closed'));
		await projectionMatches(taskId);
		expect((await taskRow(taskId)).closedAt!.getTime()).toBeGreaterThan(firstClosing);
	});

	it('reopened and closed again in one go, the task gets the new closing time too', async () => {
		const before = (await taskRow(taskId)).closedAt!.getTime();
		await new Promise((resolve) => setTimeout(resolve, 50));
		// Two updates sent back to back usually share one group commit.
		reopenTask(chief.doc, taskId);
		closeTask(chief.doc, taskId);
		await waitFor(() => chief.confirmed, 10_000, 'stored');
		await projectionMatches(taskId);
		expect((await taskRow(taskId)).closedAt!.getTime()).toBeGreaterThan(before);
	});
});

describe('what a liaison may not do: refused, and nothing stored or projected', () => {
	let taskId: string;

	beforeAll(async () => {
		const task = world.newTask(ids.chief, [own[0], neighbour], { id: newTaskId() });
		taskId = task.id;
		await write(chief, (doc) => createTask(doc, task), has(taskId, () => true));
		await projectionMatches(taskId);
	});

	it('create a task, even over its own buildings', async () => {
		const task = world.newTask(ids.liaison, [own[0]], { id: newTaskId() });
		await expectRefused(liaison, forgeUpdate(liaison.doc, (doc) => createTask(doc, task)), `forbidden tasks/${task.id}`, taskId);
		expect(await taskRow(task.id)).toBeUndefined();
	});

	it('close a task, or edit its instructions or scope', async () => {
		await expectRefused(liaison, forgeUpdate(liaison.doc, (doc) => closeTask(doc, taskId)), `forbidden tasks/${taskId}/status`, taskId);
		await expectRefused(
			liaison,
			forgeUpdate(liaison.doc, (doc) => setTaskField(doc, taskId, 'instructions', '不用做了')),
			`forbidden tasks/${taskId}/instructions`,
			taskId
		);
		const refusal = await nextRefusal(liaison, () => sendUpdate(liaison, forgeUpdate(liaison.doc, (doc) => setScope(doc, taskId, [own[0]])).update));
		expect(refusal).toMatch(new RegExp(`^forbidden tasks/${taskId}/scope`));
		await projectionMatches(taskId);
		expect((await taskRow(taskId)).scope).toEqual([own[0], neighbour]);
	});

	it('mark a household of a building outside its micro-grid, even one in the task', async () => {
		await expectRefused(
			liaison,
			forgeUpdate(liaison.doc, (doc) => markHousehold(doc, taskId, neighbour, '1-101', { s: 'visited', by: ids.liaison })),
			`forbidden tasks/${taskId}/progress/${neighbour}/1-101`,
			taskId
		);
		expect((await projectedFacts(taskId))!.marks).toEqual({});
	});

	it('acknowledge for someone else', async () => {
		await expectRefused(liaison, forgeUpdate(liaison.doc, (doc) => acknowledge(doc, taskId, ids.liaison2)), `by-mismatch tasks/${taskId}/acks/${ids.liaison2}`, taskId);
		expect((await projectedFacts(taskId))!.acks).toEqual({});
	});
});

describe('rounds: GET /api/tasks/:id/rounds and the round fields of the list', () => {
	it('lists every round of the chain from any of its tasks, oldest first, each with its own coverage', async () => {
		const first = world.newTask(ids.chief, own, { id: newTaskId(), title: '反诈宣传', kind: 'publicity', createdAt: Date.now() - 3_000 });
		await write(chief, (doc) => createTask(doc, first), has(first.id, () => true));
		await write(
			liaison,
			(doc) =>
				doc.transact(() => {
					acknowledge(doc, first.id, ids.liaison, T + 100);
					markHousehold(doc, first.id, own[0], '1-101', { s: 'visited', by: ids.liaison, at: T + 1 });
					markHousehold(doc, first.id, own[0], '1-102', { s: 'refused', by: ids.liaison, at: T + 2 });
				}),
			has(first.id, (task) => (task.get('acks') as Y.Map<number>).has(ids.liaison))
		);
		await write(chief, (doc) => closeTask(doc, first.id), has(first.id, (task) => task.get('status') === 'closed'));
		const second = newTaskId();
		await write(chief, (doc) => startNextRound(doc, first.id, { id: second, createdBy: ids.chief, createdAt: Date.now() - 2_000, dueAt: null }), has(second, () => true));
		await write(liaison, (doc) => markHousehold(doc, second, own[0], '2-201', { s: 'absent', by: ids.liaison, at: T + 3 }), has(second, (task) => (task.get('progress') as Y.Map<Y.Map<unknown>>).get(own[0])!.size === 1));
		await write(chief, (doc) => closeTask(doc, second), has(second, (task) => task.get('status') === 'closed'));
		const third = newTaskId();
		await write(chief, (doc) => startNextRound(doc, second, { id: third, createdBy: ids.chief, createdAt: Date.now() - 1_000, dueAt: null }), has(third, () => true));
		for (const id of [first.id, second, third]) await projectionMatches(id);

		const totals = (await detail(first.id)).buildings.reduce((sum: number, b: { total: number }) => sum + b.total, 0);
		const firstRow = await taskRow(first.id);
		const secondRow = await taskRow(second);
		const expected = [
			{ id: first.id, round: 1, status: 'closed', createdAt: first.createdAt, dueAt: first.dueAt, closedAt: firstRow.closedAt!.getTime(), total: totals, visited: 1, absent: 0, refused: 1, issue: 0, done: 2 },
			{ id: second, round: 2, status: 'closed', createdAt: secondRow.createdAt!.getTime(), dueAt: null, closedAt: secondRow.closedAt!.getTime(), total: totals, visited: 0, absent: 1, refused: 0, issue: 0, done: 1 },
			{ id: third, round: 3, status: 'open', createdAt: expect.any(Number), dueAt: null, closedAt: null, total: totals, visited: 0, absent: 0, refused: 0, issue: 0, done: 0 }
		];
		for (const id of [first.id, second, third]) {
			const { status, body } = await rounds(id, id === third ? 'liaison01' : 'chief1');
			expect(status).toBe(200);
			expect(body).toEqual({ rounds: expected });
		}
		expect((await rounds(third, 'street1')).status).toBe(200);

		const list = await listed();
		expect(list.find((t) => t.id === first.id)).toMatchObject({ round: 1, roundOf: null, closedAt: firstRow.closedAt!.getTime(), acks: 1, done: 2 });
		expect(list.find((t) => t.id === third)).toMatchObject({ round: 3, roundOf: first.id, closedAt: null, acks: 0, done: 0 });
	});

	it('a task without rounds is a chain of one', async () => {
		const task = world.newTask(ids.chief, [own[0]], { id: newTaskId() });
		await write(chief, (doc) => createTask(doc, task), has(task.id, () => true));
		await projectionMatches(task.id);
		const { body } = await rounds(task.id);
		expect(body.rounds.map((r: { id: string }) => r.id)).toEqual([task.id]);
	});

	it('refuses a property company (403), a signed-out visitor (401), and answers 404 for an unknown id', async () => {
		const [anyTask] = await listed();
		const property = await rounds(anyTask.id, 'property1');
		expect(property.status).toBe(403);
		expect(property.body.error).toMatch(/没有权限/);
		const signedOut = await new HttpClient(world.server.url).getJson(`/api/tasks/${anyTask.id}/rounds`);
		expect(signedOut.status).toBe(401);
		const unknown = await rounds('t0000000000000000');
		expect(unknown.status).toBe(404);
		expect(unknown.body).toEqual({ code: 'error_task_not_found', error: '找不到该任务。' });
	});
});
