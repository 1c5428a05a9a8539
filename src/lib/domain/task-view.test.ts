import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { acknowledge, addNote, closeTask, createTask, markHousehold, sendReminder, tasksOf, type NewTask } from './task-doc';
import { readMarks, readTask, sortTasks, type TaskView } from './task-view';

const newTask = (id: string, overrides: Partial<NewTask> = {}): NewTask => ({
	id,
	title: `任务 ${id}`,
	kind: 'check',
	instructions: '入户排查',
	createdBy: 'chief1',
	createdAt: 1_000,
	dueAt: 5_000,
	scope: ['b1', 'b2'],
	...overrides
});

const view = (doc: Y.Doc, id: string) => readTask(id, tasksOf(doc).get(id)!);

describe('readTask', () => {
	it('reads a well-formed task into a plain snapshot', () => {
		const doc = new Y.Doc();
		createTask(doc, newTask('t1', { round: 2, roundOf: 't0' }));
		acknowledge(doc, 't1', 'liaison01', 100);
		sendReminder(doc, 't1', { by: 'chief1', at: 110, to: ['liaison02'] });
		addNote(doc, 't1', { by: 'liaison01', at: 120, buildingId: 'b1', text: '门禁坏了' });
		markHousehold(doc, 't1', 'b1', '1-101', { s: 'visited', by: 'liaison01', at: 130 });
		markHousehold(doc, 't1', 'b2', '2-201', { s: 'issue', by: 'liaison01', at: 140, note: '漏水' });
		expect(view(doc, 't1')).toEqual({
			id: 't1',
			title: '任务 t1',
			kind: 'check',
			instructions: '入户排查',
			createdBy: 'chief1',
			createdAt: 1_000,
			dueAt: 5_000,
			status: 'open',
			round: 2,
			roundOf: 't0',
			scope: ['b1', 'b2'],
			acks: { liaison01: 100 },
			reminders: [{ by: 'chief1', at: 110, to: ['liaison02'] }],
			notes: [{ by: 'liaison01', at: 120, buildingId: 'b1', text: '门禁坏了' }],
			progress: {
				b1: { '1-101': { s: 'visited', by: 'liaison01', at: 130 } },
				b2: { '2-201': { s: 'issue', by: 'liaison01', at: 140, note: '漏水' } }
			}
		} satisfies TaskView);
	});

	it('is a copy: changing the document later does not change an earlier snapshot', () => {
		const doc = new Y.Doc();
		createTask(doc, newTask('t1'));
		const before = view(doc, 't1');
		acknowledge(doc, 't1', 'liaison01', 100);
		markHousehold(doc, 't1', 'b1', '1-101', { s: 'visited', by: 'liaison01', at: 130 });
		expect(before.acks).toEqual({});
		expect(before.progress.b1).toEqual({});
		expect(view(doc, 't1').acks).toEqual({ liaison01: 100 });
	});

	it('fills in defaults for a task with missing or wrongly typed fields (a forged or old client)', () => {
		const doc = new Y.Doc();
		const map = new Y.Map<unknown>();
		tasksOf(doc).set('odd', map as Y.Map<Y.Map<unknown>> as never);
		map.set('title', 42);
		map.set('kind', 'party');
		map.set('createdAt', Number.NaN);
		map.set('dueAt', 'tomorrow');
		map.set('status', 'done');
		map.set('round', '2');
		map.set('roundOf', 7);
		map.set('scope', 'b1');
		expect(view(doc, 'odd')).toEqual({
			id: 'odd',
			title: '',
			kind: 'custom',
			instructions: '',
			createdBy: '',
			createdAt: 0,
			dueAt: null,
			status: 'open',
			round: 1,
			roundOf: null,
			scope: [],
			acks: {},
			reminders: [],
			notes: [],
			progress: {}
		});
	});

	it('skips malformed acks, reminders, notes, marks and scope entries, keeping the good ones', () => {
		const doc = new Y.Doc();
		createTask(doc, newTask('t1', { scope: ['b1'] }));
		const task = tasksOf(doc).get('t1')!;
		doc.transact(() => {
			(task.get('scope') as Y.Array<unknown>).push([7, 'b2', 'b1', null]);
			const acks = task.get('acks') as Y.Map<unknown>;
			acks.set('liaison01', 100);
			acks.set('liaison02', 'yes');
			acks.set('liaison03', Number.POSITIVE_INFINITY);
			const reminders = task.get('reminders') as Y.Array<unknown>;
			reminders.push([{ by: 'chief1', at: 1, to: ['liaison02'] }, { by: 'chief1', at: 2 }, null, 'ping']);
			const notes = task.get('notes') as Y.Array<unknown>;
			notes.push([{ by: 'chief1', at: 3, text: '好' }, { by: 'chief1', at: 4 }, { at: 5, text: 'who?' }, 9]);
			const b1 = (task.get('progress') as Y.Map<Y.Map<unknown>>).get('b1')!;
			b1.set('1-101', { s: 'visited', by: 'liaison01', at: 10 });
			b1.set('1-102', { s: 'maybe', by: 'liaison01', at: 11 });
			b1.set('1-103', { s: 'absent', at: 12 });
			b1.set('1-104', { s: 'refused', by: 'liaison01', at: '13' });
			b1.set('1-105', 'visited');
			(task.get('progress') as Y.Map<unknown>).set('b9', 'not a map');
		});
		const snapshot = view(doc, 't1');
		expect(snapshot.scope).toEqual(['b1', 'b2']);
		expect(snapshot.acks).toEqual({ liaison01: 100 });
		expect(snapshot.reminders).toEqual([{ by: 'chief1', at: 1, to: ['liaison02'] }]);
		expect(snapshot.notes).toEqual([{ by: 'chief1', at: 3, text: '好' }]);
		expect(snapshot.progress).toEqual({ b1: { '1-101': { s: 'visited', by: 'liaison01', at: 10 } }, b9: {} });
	});

	it('reads a closed task as closed', () => {
		const doc = new Y.Doc();
		createTask(doc, newTask('t1'));
		closeTask(doc, 't1');
		expect(view(doc, 't1').status).toBe('closed');
	});
});

describe('readMarks', () => {
	it('is empty for anything but a map', () => {
		expect(readMarks(undefined)).toEqual({});
		expect(readMarks({ '1-101': { s: 'visited', by: 'x', at: 1 } })).toEqual({});
	});
});

describe('sortTasks', () => {
	it('lists open tasks first, newest first within each status, ties by id', () => {
		const doc = new Y.Doc();
		const ids = ['old-open', 'new-closed', 'new-open', 'b-tie', 'a-tie', 'old-closed'];
		const createdAt = [100, 900, 800, 500, 500, 50];
		ids.forEach((id, index) => createTask(doc, newTask(id, { createdAt: createdAt[index] })));
		closeTask(doc, 'new-closed');
		closeTask(doc, 'old-closed');
		expect(sortTasks(ids.map((id) => view(doc, id))).map((t) => t.id)).toEqual(['new-open', 'a-tie', 'b-tie', 'old-open', 'new-closed', 'old-closed']);
	});

	it('sorts in place and returns the same list', () => {
		const doc = new Y.Doc();
		createTask(doc, newTask('a', { createdAt: 1 }));
		createTask(doc, newTask('b', { createdAt: 2 }));
		const list = [view(doc, 'a'), view(doc, 'b')];
		expect(sortTasks(list)).toBe(list);
		expect(list.map((t) => t.id)).toEqual(['b', 'a']);
	});
});
