import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { membership, type Principal } from '../../src/lib/domain/roles';
import { acknowledge, addNote, closeTask, createTask, markHousehold, sendReminder, setScope, tasksOf, type NewTask } from '../../src/lib/domain/task-doc';
import { projectWrites } from './projection';
import { checkUpdate } from './update-check';
import { checkContextOf } from '../../tests/fixtures/check-context';

const community = 'c1';
/** Times in the document are bounded (2020 to a day ahead); the test's clock starts here. */
const T = Date.UTC(2026, 10, 1, 12);
const places = new Map([
	['b1', { gridId: 'g1', microGridId: 'm1' }],
	['b2', { gridId: 'g1', microGridId: 'm1' }],
	['b3', { gridId: 'g1', microGridId: 'm2' }]
]);
const secretary: Principal = { userId: 'u-sec', memberships: [membership('secretary', { communityId: community })] };

const newTask = (overrides: Partial<NewTask> = {}): NewTask => ({
	id: 't1',
	title: '今晚入户排查',
	kind: 'check',
	instructions: '请各微网格联络员今晚进行相关排查',
	createdBy: secretary.userId,
	createdAt: T + 1_000,
	dueAt: T + 9_000,
	scope: ['b1', 'b2'],
	...overrides
});

/**
 * The server's document: `write` runs a change on a synced client, checks the update as the
 * sync server does, applies it, and returns what the projection makes of it.
 */
function server() {
	const doc = new Y.Doc();
	const context = checkContextOf(doc, secretary, {
		communityId: community,
		place: (id) => places.get(id),
		ownerOf: () => secretary.userId,
		now: T + 100_000
	});
	const write = (change: (client: Y.Doc) => void, now = new Date(T + 50_000)) => {
		const client = new Y.Doc();
		Y.applyUpdate(client, Y.encodeStateAsUpdate(doc));
		const before = Y.encodeStateVector(client);
		change(client);
		const verdict = checkUpdate(doc, Y.encodeStateAsUpdate(client, before), context);
		if (!('ok' in verdict) || !verdict.ok || verdict.refusals.length > 0) throw new Error(`refused: ${JSON.stringify(verdict)}`);
		Y.applyUpdate(doc, verdict.update);
		return projectWrites(doc, community, secretary.userId, verdict.writes, now);
	};
	return { doc, write };
}

describe('projectWrites', () => {
	it('a new task: its row, no acks, no progress', () => {
		const { write } = server();
		expect(write((doc) => createTask(doc, newTask()))).toEqual({
			progress: [],
			acks: [],
			tasks: [
				{
					id: 't1',
					communityId: community,
					title: '今晚入户排查',
					kind: 'check',
					instructions: '请各微网格联络员今晚进行相关排查',
					status: 'open',
					round: 1,
					roundOf: null,
					createdBy: secretary.userId,
					createdAt: new Date(T + 1_000),
					dueAt: new Date(T + 9_000),
					closedAt: null,
					scope: ['b1', 'b2'],
					reminders: 0
				}
			]
		});
	});

	it('an ack becomes an ack row with its time; taking it back becomes a row without one; the task row is untouched', () => {
		const { write } = server();
		write((doc) => createTask(doc, newTask()));
		expect(write((doc) => acknowledge(doc, 't1', secretary.userId, T + 7_000))).toEqual({
			progress: [],
			tasks: [],
			acks: [{ taskId: 't1', communityId: community, userId: secretary.userId, ackedAt: new Date(T + 7_000) }]
		});
		const taken = write((doc) => (tasksOf(doc).get('t1')!.get('acks') as Y.Map<number>).delete(secretary.userId));
		expect(taken.acks).toEqual([{ taskId: 't1', communityId: community, userId: secretary.userId, ackedAt: null }]);
	});

	it('a task created with acks already in it projects them too', () => {
		const { write } = server();
		const projection = write((doc) =>
			doc.transact(() => {
				createTask(doc, newTask());
				acknowledge(doc, 't1', secretary.userId, T + 8_000);
			})
		);
		expect(projection.acks).toEqual([{ taskId: 't1', communityId: community, userId: secretary.userId, ackedAt: new Date(T + 8_000) }]);
	});

	it('a mark becomes a progress event; a clear becomes `cleared` at the projection time', () => {
		const { write } = server();
		write((doc) => createTask(doc, newTask()));
		const marked = write((doc) => markHousehold(doc, 't1', 'b1', '1-101', { s: 'issue', by: secretary.userId, at: T + 3_000, note: '漏水' }));
		expect(marked).toEqual({
			tasks: [],
			acks: [],
			progress: [
				{ communityId: community, taskId: 't1', buildingId: 'b1', householdCode: '1-101', status: 'issue', note: '漏水', userId: secretary.userId, recordedAt: new Date(T + 3_000) }
			]
		});
		const cleared = write((doc) => markHousehold(doc, 't1', 'b1', '1-101', null), new Date(T + 60_000));
		expect(cleared.progress).toEqual([
			{ communityId: community, taskId: 't1', buildingId: 'b1', householdCode: '1-101', status: 'cleared', note: null, userId: secretary.userId, recordedAt: new Date(T + 60_000) }
		]);
	});

	it('reminders count on the task row; a scope edit updates the scope; notes project nothing', () => {
		const { write } = server();
		write((doc) => createTask(doc, newTask()));
		write((doc) => sendReminder(doc, 't1', { by: secretary.userId, at: T + 1, to: ['u-li'] }));
		const reminded = write((doc) => sendReminder(doc, 't1', { by: secretary.userId, at: T + 2, to: ['u-li'] }));
		expect(reminded.tasks.map((row) => row.reminders)).toEqual([2]);
		const scoped = write((doc) => setScope(doc, 't1', ['b3', 'b1']));
		expect(scoped.tasks.map((row) => row.scope)).toEqual([['b1', 'b3']]);
		expect(write((doc) => addNote(doc, 't1', { by: secretary.userId, at: T + 3, text: '好' }))).toEqual({ progress: [], tasks: [], acks: [] });
	});

	it('a closed task gets the projection time as closedAt (the upsert keeps an earlier one)', () => {
		const { write } = server();
		write((doc) => createTask(doc, newTask()));
		expect(write((doc) => closeTask(doc, 't1'), new Date(T + 70_000)).tasks.map((row) => [row.status, row.closedAt])).toEqual([['closed', new Date(T + 70_000)]]);
	});

	it('into a task the document no longer holds (archived meanwhile) a mark projects from the value its write carries, an ack nothing', () => {
		const { doc, write } = server();
		write((client) => createTask(client, newTask()));
		// Written by a client that still has the task, applied after the server removed it.
		const offline = new Y.Doc();
		Y.applyUpdate(offline, Y.encodeStateAsUpdate(doc));
		const before = Y.encodeStateVector(offline);
		offline.transact(() => {
			markHousehold(offline, 't1', 'b1', '1-101', { s: 'visited', by: secretary.userId, at: T + 4_000 });
			acknowledge(offline, 't1', secretary.userId, T + 4_000);
		});
		const late = Y.encodeStateAsUpdate(offline, before);
		const mark = { s: 'visited', by: secretary.userId, at: T + 4_000 };
		const writes = [
			{ op: 'insert' as const, path: ['tasks', 't1', 'progress', 'b1', '1-101'], content: { kind: 'values' as const, values: [mark] } },
			{ op: 'insert' as const, path: ['tasks', 't1', 'acks', secretary.userId], content: { kind: 'values' as const, values: [T + 4_000] } },
			// A value that is not a mark (the check refuses it; were it through, nothing is made of it).
			{ op: 'insert' as const, path: ['tasks', 't1', 'progress', 'b1', '1-102'], content: { kind: 'values' as const, values: [] } }
		];
		tasksOf(doc).delete('t1');
		Y.applyUpdate(doc, late);
		expect(projectWrites(doc, community, secretary.userId, writes)).toEqual({
			progress: [
				{ communityId: community, taskId: 't1', buildingId: 'b1', householdCode: '1-101', status: 'visited', note: null, userId: secretary.userId, recordedAt: new Date(T + 4_000) }
			],
			tasks: [],
			acks: []
		});
	});
});

describe('projectWrites on values stored before the bounds existed', () => {
	it('turns times no Date can hold into the projection time or null, drops NUL, and bounds the round', () => {
		const doc = new Y.Doc();
		createTask(doc, newTask({ title: '排查\u0000', createdAt: 1e300 }));
		const task = tasksOf(doc).get('t1')!;
		task.set('round', 2 ** 40);
		markHousehold(doc, 't1', 'b1', '1-\u0000101', { s: 'visited', by: secretary.userId, at: 1e300, note: '漏\u0000水' });
		const now = new Date(T);
		const writes = [
			{ op: 'insert' as const, path: ['tasks', 't1'], content: { kind: 'map' as const } },
			{ op: 'insert' as const, path: ['tasks', 't1', 'progress', 'b1', '1-\u0000101'], content: { kind: 'values' as const, values: [] } }
		];
		const projection = projectWrites(doc, community, secretary.userId, writes, now);
		expect(projection.tasks[0]).toMatchObject({ title: '排查', createdAt: null, round: 10_000 });
		expect(projection.progress).toEqual([
			{ communityId: community, taskId: 't1', buildingId: 'b1', householdCode: '1-101', status: 'visited', note: '漏水', userId: secretary.userId, recordedAt: now }
		]);
	});
});
