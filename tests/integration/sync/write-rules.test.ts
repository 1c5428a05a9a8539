/**
 * The write rules of the community document (`src/lib/domain/live-rules.ts`), against
 * the real server: allowed writes are forwarded, stored and projected; forbidden ones are
 * refused with a reason, and neither applied, stored, projected nor forwarded, and the
 * writer's socket keeps working.
 *
 * Forbidden writes are sent as raw updates on the writer's own socket, made in a scratch
 * copy of its document: the stock client keeps a refused change in its document, and its
 * later changes then continue that client id's clocks (see the last describe).
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { ProgressEntry, TaskNote } from '../../../src/lib/domain/community-doc';
import { acknowledge, addNote, createTask, markHousehold, setTaskField, taskOf } from '../../../src/lib/domain/task-doc';
import { db } from '../../../src/lib/server/db';
import { yjsClientIds } from '../../../src/lib/server/db/schema';
import { SyncClient, waitFor } from '../../fixtures/sync-client';
import { forgeUpdate, holdsClient, nextRefusal, rowsWithContent, sendUpdate, SyncScenario, writeRefusals } from '../../fixtures/sync-scenarios';

let world: SyncScenario;
/** Sees everything of the community; the "other client" of most checks. */
let secretary: SyncClient;
let chief: SyncClient;
let liaison: SyncClient;
/** chief1's task over liaison01's buildings and one more building of chief1's grid. */
let taskId: string;
const userOf = new Map<SyncClient, string>();

let ids: { secretary: string; chief: string; liaison: string };
let own: string; // a building of liaison01's micro-grid
let neighbours: string; // a building of chief1's grid, another micro-grid
let outside: string; // a building outside chief1's grid

async function connect(username: string): Promise<SyncClient> {
	const client = await world.connect(username);
	userOf.set(client, world.userId(username));
	return client;
}

// --- reading the document ---

const notesOf = (doc: Y.Doc, task = taskId) => ((taskOf(doc, task)?.get('notes') as Y.Array<TaskNote> | undefined)?.toArray() ?? []);
const hasNote = (doc: Y.Doc, text: string, task = taskId) => notesOf(doc, task).some((note) => note.text === text);
const markOf = (doc: Y.Doc, building: string, household: string, task = taskId) =>
	(taskOf(doc, task)?.get('progress') as Y.Map<Y.Map<ProgressEntry>> | undefined)?.get(building)?.get(household);
const ackOf = (doc: Y.Doc, userId: string, task = taskId) => (taskOf(doc, task)?.get('acks') as Y.Map<number> | undefined)?.get(userId);

let noteCount = 0;
const noteBy = (writer: SyncClient, text = `note ${++noteCount}`): TaskNote => ({ by: userOf.get(writer)!, at: Date.now(), text });

// --- the two outcomes ---

/**
 * `change` made in the writer's own document is forwarded to `observer`, stored as exactly
 * one log row of the writer, confirmed to the writer, and not refused. The row names the
 * writer's client id when the change inserted something; an update that only deletes
 * carries no client id of its own.
 */
async function expectAccepted(writer: SyncClient, change: (doc: Y.Doc) => void, seen: (doc: Y.Doc) => boolean, observer = secretary) {
	const mark = await world.logMark();
	const refusals = writeRefusals(writer).length;
	const clock = Y.getState(writer.doc.store, writer.clientId);
	change(writer.doc);
	const inserted = Y.getState(writer.doc.store, writer.clientId) > clock;
	await waitFor(() => seen(observer.doc), 10_000, 'the change reaches another client');
	await waitFor(() => writer.confirmed, 10_000, 'the change is confirmed as stored');
	const rows = await world.awaitLogRows(mark);
	expect(rows).toMatchObject([{ userId: userOf.get(writer), clientId: inserted ? writer.clientId : null }]);
	expect(writeRefusals(writer).slice(refusals)).toEqual([]);
}

/** A change made in a scratch copy of the writer's document, under a fresh client id. */
const forge = (writer: SyncClient, change: (doc: Y.Doc) => void) => forgeUpdate(writer.doc, change);

/**
 * `forged`, sent on the writer's socket, is refused with `reason`; then a note of the
 * writer's own goes through on the same socket, and once `observer` has that note, it has
 * nothing of the refused update, nor has the database (log, progress events, tasks).
 */
async function expectRefused(writer: SyncClient, forged: { update: Uint8Array; clientId: number }, reason: string, observer = secretary) {
	const mark = await world.logMark();
	const [progressBefore, tasksBefore, storedBefore] = await Promise.all([world.progressRows(), world.allTaskRows(), world.storedDoc()]);
	const heldBefore = { observer: holdsClient(observer.doc, forged.clientId), stored: holdsClient(storedBefore, forged.clientId) };

	expect(await nextRefusal(writer, () => sendUpdate(writer, forged.update))).toBe(reason);
	// Unless the whole update was refused, its clocks are kept as an empty placeholder: wait until that is stored.
	const end = Y.parseUpdateMeta(forged.update).to.get(forged.clientId) ?? 0;
	if (!reason.startsWith('client-id')) await waitFor(() => (writer.stored.get(forged.clientId) ?? 0) >= end, 10_000, 'the placeholder is stored');

	const later = noteBy(writer, `after "${reason}"`);
	await expectAccepted(writer, (doc) => addNote(doc, taskId, later), (doc) => hasNote(doc, later.text), observer);
	expect(holdsClient(observer.doc, forged.clientId)).toBe(heldBefore.observer);
	expect(observer.doc.getMap('tasks').toJSON()).toEqual(writer.doc.getMap('tasks').toJSON());
	const stored = await world.storedDoc();
	expect(holdsClient(stored, forged.clientId)).toBe(heldBefore.stored);
	expect(stored.getMap('tasks').toJSON()).toEqual(observer.doc.getMap('tasks').toJSON());
	expect([stored.getMap('evil').size, stored.getMap('signals').get('structureVersion')]).toEqual([0, undefined]);
	expect(await world.progressRows()).toEqual(progressBefore);
	expect(await world.allTaskRows()).toEqual(tasksBefore);
}

beforeAll(async () => {
	world = await SyncScenario.start();
	const { places } = world;
	[own, neighbours, outside] = [places.liaison01Buildings[0], places.chief1OtherBuildings[0], places.outsideChief1[0]];
	expect([own, neighbours, outside].every(Boolean)).toBe(true);
	ids = { secretary: world.userId('secretary'), chief: world.userId('chief1'), liaison: world.userId('liaison01') };
	[secretary, chief, liaison] = await Promise.all([connect('secretary'), connect('chief1'), connect('liaison01')]);
	taskId = await world.dispatch(chief, secretary, world.newTask(ids.chief, [...places.liaison01Buildings, neighbours]));
	await waitFor(() => !!taskOf(liaison.doc, taskId), 10_000, 'the task reaches the liaison');
});
afterAll(async () => {
	await world?.stop();
});

describe('tasks.<id>.progress.<buildingId>.<household>: liaisons of the building, its chief, the secretary', () => {
	it('a liaison marks a household of its own building: forwarded, stored, projected; clearing it projects "cleared"', async () => {
		await expectAccepted(
			liaison,
			(doc) => markHousehold(doc, taskId, own, '1-101', { s: 'visited', by: ids.liaison }),
			(doc) => markOf(doc, own, '1-101')?.s === 'visited'
		);
		await expectAccepted(
			liaison,
			(doc) => markHousehold(doc, taskId, own, '1-101', null),
			(doc) => markOf(doc, own, '1-101') === undefined
		);
		expect(await world.progressRows(taskId)).toMatchObject([
			{ buildingId: own, householdCode: '1-101', status: 'visited', userId: ids.liaison, communityId: world.places.communityId },
			{ buildingId: own, householdCode: '1-101', status: 'cleared', userId: ids.liaison }
		]);
	});

	it('the chief marks a household in another micro-grid of its grid', async () => {
		await expectAccepted(
			chief,
			(doc) => markHousehold(doc, taskId, neighbours, '2-202', { s: 'absent', by: ids.chief, note: '无人应门' }),
			(doc) => markOf(doc, neighbours, '2-202')?.s === 'absent'
		);
		expect((await world.progressRows(taskId)).at(-1)).toMatchObject({
			buildingId: neighbours,
			householdCode: '2-202',
			status: 'absent',
			note: '无人应门',
			userId: ids.chief
		});
	});

	it('a liaison may not mark a household of another micro-grid', async () => {
		const forged = forge(liaison, (doc) => markHousehold(doc, taskId, neighbours, '1-101', { s: 'visited', by: ids.liaison }));
		await expectRefused(liaison, forged, `forbidden tasks/${taskId}/progress/${neighbours}/1-101`);
	});

	it('nor add a building outside its grid to the progress map', async () => {
		const forged = forge(liaison, (doc) => markHousehold(doc, taskId, outside, '1-101', { s: 'visited', by: ids.liaison }));
		await expectRefused(liaison, forged, `forbidden tasks/${taskId}/progress/${outside}`);
	});

	it('a mark must name its writer in `by`', async () => {
		const forged = forge(liaison, (doc) => markHousehold(doc, taskId, own, '1-102', { s: 'refused', by: ids.chief }));
		await expectRefused(liaison, forged, `by-mismatch tasks/${taskId}/progress/${own}/1-102`);
	});
});

describe('tasks.<id>.acks.<userId>: that user only', () => {
	it('a liaison acknowledges a task for itself', async () => {
		await expectAccepted(
			liaison,
			(doc) => acknowledge(doc, taskId, ids.liaison),
			(doc) => ackOf(doc, ids.liaison) !== undefined
		);
	});

	it("a liaison may not write the chief's ack", async () => {
		const forged = forge(liaison, (doc) => acknowledge(doc, taskId, ids.chief));
		await expectRefused(liaison, forged, `by-mismatch tasks/${taskId}/acks/${ids.chief}`);
	});
});

describe('tasks.<id> and its own fields: a chief of a grid holding the whole scope, the secretary', () => {
	it('a liaison may not create a task', async () => {
		const task = world.newTask(ids.liaison, [own]);
		await expectRefused(liaison, forge(liaison, (doc) => createTask(doc, task)), `forbidden tasks/${task.id}`);
	});

	it('a chief may not create a task whose scope reaches outside its grid', async () => {
		const task = world.newTask(ids.chief, [own, outside]);
		await expectRefused(chief, forge(chief, (doc) => createTask(doc, task)), `forbidden tasks/${task.id}`);
	});

	it('the secretary creates a task anywhere in the community; the tasks table gets it', async () => {
		const task = world.newTask(ids.secretary, [own, outside], { title: '全社区消防安全检查', kind: 'safety' });
		await expectAccepted(secretary, (doc) => createTask(doc, task), (doc) => !!taskOf(doc, task.id), chief);
		expect(await world.taskRow(task.id)).toMatchObject({
			communityId: world.places.communityId,
			title: '全社区消防安全检查',
			kind: 'safety',
			status: 'open',
			createdBy: ids.secretary,
			closedAt: null,
			scope: [own, outside]
		});
	});

	it('a liaison may not close a task', async () => {
		const forged = forge(liaison, (doc) => setTaskField(doc, taskId, 'status', 'closed'));
		await expectRefused(liaison, forged, `forbidden tasks/${taskId}/status`);
	});
});

describe('tasks.<id>.notes: any member, as itself; deleting own notes only (a chief: any)', () => {
	const deleteNote = (text: string) => (doc: Y.Doc) => {
		const notes = taskOf(doc, taskId)?.get('notes') as Y.Array<TaskNote>;
		notes.delete(notes.toArray().findIndex((note) => note.text === text), 1);
	};

	it("a liaison adds its own note, may not delete the chief's, and the chief deletes the liaison's", async () => {
		const chiefNote = noteBy(chief, '今晚八点前完成');
		const liaisonNote = noteBy(liaison, '3号楼已完成一半');
		await expectAccepted(chief, (doc) => addNote(doc, taskId, chiefNote), (doc) => hasNote(doc, chiefNote.text));
		await expectAccepted(liaison, (doc) => addNote(doc, taskId, liaisonNote), (doc) => hasNote(doc, liaisonNote.text));
		await waitFor(() => hasNote(liaison.doc, chiefNote.text), 10_000, "the chief's note reaches the liaison");

		await expectRefused(liaison, forge(liaison, deleteNote(chiefNote.text)), `forbidden tasks/${taskId}/notes/#`);
		expect(hasNote(secretary.doc, chiefNote.text)).toBe(true);

		await waitFor(() => hasNote(chief.doc, liaisonNote.text), 10_000, "the liaison's note reaches the chief");
		await expectAccepted(chief, deleteNote(liaisonNote.text), (doc) => !hasNote(doc, liaisonNote.text));
	});

	it('a note must name its writer in `by`', async () => {
		const forged = forge(liaison, (doc) => addNote(doc, taskId, { ...noteBy(liaison), by: ids.chief }));
		await expectRefused(liaison, forged, `by-mismatch tasks/${taskId}/notes/#`);
	});
});

describe('everything outside tasks: nobody but the server', () => {
	it('signals are refused', async () => {
		const forged = forge(chief, (doc) => doc.getMap('signals').set('structureVersion', 9));
		await expectRefused(chief, forged, 'forbidden signals/structureVersion');
	});

	it('a new root type is refused', async () => {
		const forged = forge(secretary, (doc) => doc.getMap('evil').set('x', 1));
		await expectRefused(secretary, forged, 'forbidden evil/x', chief);
	});
});

describe('read-only users: the street office', () => {
	it('street1 writes nothing at all, and still receives the changes of others', async () => {
		const street = await connect('street1');
		expect(taskOf(street.doc, taskId)).toBeDefined();
		const mark = await world.logMark();
		const attempts = [
			forge(street, (doc) => addNote(doc, taskId, noteBy(street))),
			forge(street, (doc) => acknowledge(doc, taskId, userOf.get(street)!)),
			forge(street, (doc) => doc.getMap('evil').set('x', 1))
		];
		for (const forged of attempts) {
			expect(await nextRefusal(street, () => sendUpdate(street, forged.update))).toBe(`read-only ${forged.clientId}:0`);
		}
		const later = noteBy(chief, '街道可以看到这条');
		await expectAccepted(chief, (doc) => addNote(doc, taskId, later), (doc) => hasNote(doc, later.text), street);
		// Refused whole, before any path is looked at: not even an empty placeholder is kept, stored or bound.
		for (const forged of attempts) {
			expect(holdsClient(street.doc, forged.clientId) || holdsClient(secretary.doc, forged.clientId)).toBe(false);
			expect(Y.getState(secretary.doc.store, forged.clientId)).toBe(0);
			expect(street.stored.get(forged.clientId)).toBeUndefined();
		}
		expect((await world.logRowsAfter(mark)).map((row) => row.userId)).toEqual([ids.chief]);
		expect(await db().select().from(yjsClientIds).where(eq(yjsClientIds.userId, userOf.get(street)!))).toEqual([]);
	});
});

describe('client ids: bound to the user who first wrote with them', () => {
	it("another user's update carrying the liaison's client id is refused", async () => {
		await expectAccepted(liaison, (doc) => acknowledge(doc, taskId, ids.liaison), (doc) => ackOf(doc, ids.liaison) !== undefined);
		const [binding] = await db().select().from(yjsClientIds).where(eq(yjsClientIds.clientId, liaison.clientId));
		expect(binding).toMatchObject({ userId: ids.liaison, doc: world.docName });
		// A mark the chief may write itself, but under the liaison's id, continuing its clocks.
		const forged = forgeUpdate(
			liaison.doc,
			(doc) => markHousehold(doc, taskId, own, '3-301', { s: 'visited', by: ids.chief }),
			liaison.clientId
		);
		await expectRefused(chief, forged, `client-id ${liaison.clientId}`);
		expect(Y.getState(secretary.doc.store, liaison.clientId)).toBe(Y.getState(liaison.doc.store, liaison.clientId));
	});

	it('an update whose parent the server never saw is refused and not kept for later', async () => {
		// `first` stays local; `second` is inserted after it, so it refers to a clock the server never got.
		const scratch = new Y.Doc();
		Y.applyUpdate(scratch, Y.encodeStateAsUpdate(liaison.doc));
		const firstNote = noteBy(liaison, 'the never-sent parent');
		const secondNote = noteBy(liaison, 'the orphan');
		const before = Y.encodeStateVector(scratch);
		addNote(scratch, taskId, firstNote);
		const first = { update: Y.encodeStateAsUpdate(scratch, before), clientId: scratch.clientID };
		const middle = Y.encodeStateVector(scratch);
		scratch.clientID = first.clientId + 1;
		addNote(scratch, taskId, secondNote);
		const second = { update: Y.encodeStateAsUpdate(scratch, middle), clientId: scratch.clientID };
		scratch.destroy();

		const reason = await nextRefusal(liaison, () => sendUpdate(liaison, second.update));
		expect(reason).toMatch(/^unknown-parent /);
		// Sending the parent now must not bring the orphan along.
		const mark = await world.logMark();
		sendUpdate(liaison, first.update);
		await waitFor(() => hasNote(secretary.doc, firstNote.text), 10_000, 'the parent reaches another client');
		await waitFor(() => (liaison.stored.get(first.clientId) ?? 0) > 0, 10_000, 'the parent is stored');
		expect(rowsWithContent(await world.logRowsAfter(mark))).toMatchObject([{ userId: ids.liaison, clientId: first.clientId }]);
		expect(hasNote(secretary.doc, secondNote.text)).toBe(false);
		expect(holdsClient(secretary.doc, second.clientId)).toBe(false);
		expect(holdsClient(await world.storedDoc(), second.clientId)).toBe(false);
	});
});

describe('a stock client after one of its own changes was refused', () => {
	it('keeps writing: a later allowed change of the same client is forwarded and stored', async () => {
		const writer = await connect('liaison01');
		const refused = await nextRefusal(writer, () => acknowledge(writer.doc, taskId, ids.chief));
		expect(refused).toBe(`by-mismatch tasks/${taskId}/acks/${ids.chief}`);
		const later = noteBy(writer, 'written after a refusal');
		const refusals = writeRefusals(writer).length;
		addNote(writer.doc, taskId, later);
		await waitFor(() => hasNote(secretary.doc, later.text) || writeRefusals(writer).length > refusals, 10_000, 'the later note is forwarded or refused');
		expect(writeRefusals(writer).slice(refusals)).toEqual([]);
		expect(hasNote(secretary.doc, later.text)).toBe(true);
		expect(ackOf(secretary.doc, ids.chief)).toBeUndefined();
	});
});

describe('closing a task: its chief; the tasks table follows', () => {
	it('the chief closes its task; the tasks table shows it closed with the time', async () => {
		const closing = await world.dispatch(chief, secretary, world.newTask(ids.chief, [own]));
		expect(await world.taskRow(closing)).toMatchObject({ status: 'open', closedAt: null });
		await expectAccepted(
			chief,
			(doc) => setTaskField(doc, closing, 'status', 'closed'),
			(doc) => taskOf(doc, closing)?.get('status') === 'closed'
		);
		const row = await world.taskRow(closing);
		expect(row).toMatchObject({ status: 'closed', createdBy: ids.chief, scope: [own] });
		expect(row.closedAt).toBeInstanceOf(Date);
	});

	it('and changes after a closure are still stored', async () => {
		const later = noteBy(liaison, '关闭之后的留言');
		await expectAccepted(liaison, (doc) => addNote(doc, taskId, later), (doc) => hasNote(doc, later.text));
	});
});
