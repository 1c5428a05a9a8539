import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
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
	taskOf,
	type NewTask
} from './task-doc';

const task = (overrides: Partial<NewTask> = {}): NewTask => ({
	id: 't1',
	title: '今晚入户排查',
	kind: 'check',
	instructions: '请各微网格联络员今晚进行相关排查',
	createdBy: 'chief1',
	createdAt: 1_000,
	dueAt: 9_000,
	scope: ['b1', 'b2'],
	...overrides
});

function docWith(...tasks: NewTask[]): Y.Doc {
	const doc = new Y.Doc();
	for (const t of tasks) createTask(doc, t);
	return doc;
}

const field = (doc: Y.Doc, id: string, key: string) => taskOf(doc, id)?.get(key);
const scopeOf = (doc: Y.Doc, id = 't1') => (field(doc, id, 'scope') as Y.Array<string>).toArray();
const progressOf = (doc: Y.Doc, id = 't1') => field(doc, id, 'progress') as Y.Map<Y.Map<unknown>>;

/** Two replicas of one document that exchange updates both ways. */
function replicas(base: Y.Doc): [Y.Doc, Y.Doc] {
	const a = new Y.Doc();
	const b = new Y.Doc();
	Y.applyUpdate(a, Y.encodeStateAsUpdate(base));
	Y.applyUpdate(b, Y.encodeStateAsUpdate(base));
	return [a, b];
}
function exchange(a: Y.Doc, b: Y.Doc): void {
	Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
	Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
}

describe('createTask', () => {
	it('writes every field and nested type, with one progress map per building, in one transaction', () => {
		const doc = new Y.Doc();
		let transactions = 0;
		doc.on('afterTransaction', () => transactions++);
		createTask(doc, task());
		expect(transactions).toBe(1);
		const map = taskOf(doc, 't1')!;
		expect(map.toJSON()).toEqual({
			title: '今晚入户排查',
			kind: 'check',
			instructions: '请各微网格联络员今晚进行相关排查',
			createdBy: 'chief1',
			createdAt: 1_000,
			dueAt: 9_000,
			status: 'open',
			round: 1,
			roundOf: null,
			scope: ['b1', 'b2'],
			acks: {},
			reminders: [],
			notes: [],
			progress: { b1: {}, b2: {} }
		});
		for (const key of ['acks', 'progress'] as const) expect(map.get(key)).toBeInstanceOf(Y.Map);
		for (const key of ['scope', 'reminders', 'notes'] as const) expect(map.get(key)).toBeInstanceOf(Y.Array);
	});

	it('keeps a round number and the first task of the chain when given', () => {
		const doc = docWith(task({ id: 't3', round: 3, roundOf: 't1' }));
		expect([field(doc, 't3', 'round'), field(doc, 't3', 'roundOf')]).toEqual([3, 't1']);
	});
});

describe('setScope', () => {
	it('keeps buildings that stay, removes those that leave and appends those that join, in order', () => {
		const doc = docWith(task({ scope: ['b1', 'b2', 'b3'] }));
		setScope(doc, 't1', ['b3', 'b4', 'b1', 'b5']);
		expect(scopeOf(doc)).toEqual(['b1', 'b3', 'b4', 'b5']);
	});

	it('creates a progress map for a joining building and keeps the marks of a leaving one', () => {
		const doc = docWith(task());
		markHousehold(doc, 't1', 'b2', '1-101', { s: 'visited', by: 'liaison01', at: 5 });
		setScope(doc, 't1', ['b1', 'b3']);
		expect(scopeOf(doc)).toEqual(['b1', 'b3']);
		expect(progressOf(doc).get('b3')).toBeInstanceOf(Y.Map);
		expect(progressOf(doc).get('b2')?.toJSON()).toEqual({ '1-101': { s: 'visited', by: 'liaison01', at: 5 } });
	});

	it('does not replace the progress map of a building that comes back, so its marks count again', () => {
		const doc = docWith(task());
		markHousehold(doc, 't1', 'b2', '1-101', { s: 'absent', by: 'liaison01', at: 5 });
		const before = progressOf(doc).get('b2');
		setScope(doc, 't1', ['b1']);
		setScope(doc, 't1', ['b1', 'b2']);
		expect(progressOf(doc).get('b2')).toBe(before);
		expect(progressOf(doc).get('b2')?.get('1-101')).toEqual({ s: 'absent', by: 'liaison01', at: 5 });
	});

	it('drops duplicates, and an unchanged scope writes nothing', () => {
		const doc = docWith(task());
		setScope(doc, 't1', ['b2', 'b2', 'b1']);
		expect(scopeOf(doc)).toEqual(['b1', 'b2']);
		let updates = 0;
		doc.on('update', () => updates++);
		setScope(doc, 't1', ['b1', 'b2']);
		expect(updates).toBe(0);
	});

	it('throws for an unknown task', () => {
		expect(() => setScope(new Y.Doc(), 'nope', ['b1'])).toThrow(/nope/);
	});
});

describe('sendReminder', () => {
	it('appends a copy of the reminder; later changes to the caller’s list do not leak in', () => {
		const doc = docWith(task());
		const to = ['liaison01', 'liaison02'];
		sendReminder(doc, 't1', { by: 'chief1', at: 7, to });
		to.push('liaison03');
		sendReminder(doc, 't1', { by: 'chief1', at: 8, to: ['liaison02'] });
		expect((field(doc, 't1', 'reminders') as Y.Array<unknown>).toArray()).toEqual([
			{ by: 'chief1', at: 7, to: ['liaison01', 'liaison02'] },
			{ by: 'chief1', at: 8, to: ['liaison02'] }
		]);
	});

	it('throws for an unknown task', () => {
		expect(() => sendReminder(new Y.Doc(), 'nope', { by: 'chief1', at: 1, to: [] })).toThrow(/nope/);
	});
});

describe('acknowledge, markHousehold, addNote, setTaskField', () => {
	it('records an ack per user, and a later ack replaces the time', () => {
		const doc = docWith(task());
		acknowledge(doc, 't1', 'liaison01', 10);
		acknowledge(doc, 't1', 'liaison02', 11);
		acknowledge(doc, 't1', 'liaison01', 12);
		expect((field(doc, 't1', 'acks') as Y.Map<number>).toJSON()).toEqual({ liaison01: 12, liaison02: 11 });
	});

	it('sets, replaces and clears a mark, keeping a note only when there is one', () => {
		const doc = docWith(task());
		markHousehold(doc, 't1', 'b1', '1-101', { s: 'issue', by: 'liaison01', at: 3, note: '漏水' });
		expect(progressOf(doc).get('b1')?.get('1-101')).toEqual({ s: 'issue', by: 'liaison01', at: 3, note: '漏水' });
		markHousehold(doc, 't1', 'b1', '1-101', { s: 'visited', by: 'liaison01', at: 4 });
		expect(progressOf(doc).get('b1')?.get('1-101')).toEqual({ s: 'visited', by: 'liaison01', at: 4 });
		markHousehold(doc, 't1', 'b1', '1-101', null);
		expect(progressOf(doc).get('b1')?.has('1-101')).toBe(false);
	});

	it('adds notes in order and sets the plain fields', () => {
		const doc = docWith(task());
		addNote(doc, 't1', { by: 'liaison01', at: 1, buildingId: 'b1', text: '3单元门禁坏了' });
		addNote(doc, 't1', { by: 'chief1', at: 2, text: '明天处理' });
		expect((field(doc, 't1', 'notes') as Y.Array<{ text: string }>).toArray().map((n) => n.text)).toEqual(['3单元门禁坏了', '明天处理']);
		setTaskField(doc, 't1', 'instructions', '重点关注独居老人');
		setTaskField(doc, 't1', 'dueAt', null);
		expect([field(doc, 't1', 'instructions'), field(doc, 't1', 'dueAt')]).toEqual(['重点关注独居老人', null]);
		expect(() => setTaskField(doc, 'nope', 'title', 'x')).toThrow(/nope/);
	});
});

describe('closeTask and reopenTask', () => {
	it('switch the status and leave everything else as it was', () => {
		const doc = docWith(task());
		markHousehold(doc, 't1', 'b1', '1-101', { s: 'visited', by: 'liaison01', at: 3 });
		const before = taskOf(doc, 't1')!.toJSON();
		closeTask(doc, 't1');
		expect(field(doc, 't1', 'status')).toBe('closed');
		expect({ ...taskOf(doc, 't1')!.toJSON(), status: 'open' }).toEqual(before);
		reopenTask(doc, 't1');
		expect(taskOf(doc, 't1')!.toJSON()).toEqual(before);
	});

	it('throw for an unknown task', () => {
		expect(() => closeTask(new Y.Doc(), 'nope')).toThrow(/nope/);
		expect(() => reopenTask(new Y.Doc(), 'nope')).toThrow(/nope/);
	});
});

describe('startNextRound', () => {
	it('copies title, kind, instructions and scope into a fresh open task with no acks, reminders, notes or marks', () => {
		const doc = docWith(task({ kind: 'publicity', title: '垃圾分类宣传', instructions: '每户发放宣传册' }));
		acknowledge(doc, 't1', 'liaison01', 10);
		markHousehold(doc, 't1', 'b1', '1-101', { s: 'visited', by: 'liaison01', at: 11 });
		sendReminder(doc, 't1', { by: 'chief1', at: 12, to: ['liaison02'] });
		addNote(doc, 't1', { by: 'chief1', at: 13, text: '第一轮' });
		closeTask(doc, 't1');
		startNextRound(doc, 't1', { id: 't2', createdBy: 'secretary', createdAt: 2_000, dueAt: 20_000 });
		expect(taskOf(doc, 't2')!.toJSON()).toEqual({
			title: '垃圾分类宣传',
			kind: 'publicity',
			instructions: '每户发放宣传册',
			createdBy: 'secretary',
			createdAt: 2_000,
			dueAt: 20_000,
			status: 'open',
			round: 2,
			roundOf: 't1',
			scope: ['b1', 'b2'],
			acks: {},
			reminders: [],
			notes: [],
			progress: { b1: {}, b2: {} }
		});
		// The earlier round is left alone.
		expect(field(doc, 't1', 'status')).toBe('closed');
		expect(progressOf(doc, 't1').get('b1')?.size).toBe(1);
	});

	it('takes the scope as it is after edits, and chains every later round to the first task', () => {
		const doc = docWith(task());
		setScope(doc, 't1', ['b2', 'b3']);
		startNextRound(doc, 't1', { id: 't2', createdBy: 'chief1', createdAt: 2, dueAt: null });
		startNextRound(doc, 't2', { id: 't3', createdBy: 'chief1', createdAt: 3, dueAt: null });
		expect(scopeOf(doc, 't2')).toEqual(['b2', 'b3']);
		expect([field(doc, 't2', 'round'), field(doc, 't2', 'roundOf')]).toEqual([2, 't1']);
		expect([field(doc, 't3', 'round'), field(doc, 't3', 'roundOf')]).toEqual([3, 't1']);
		expect(field(doc, 't3', 'dueAt')).toBeNull();
	});

	it('throws for an unknown task', () => {
		expect(() => startNextRound(new Y.Doc(), 'nope', { id: 't2', createdBy: 'c', createdAt: 1, dueAt: null })).toThrow(/nope/);
	});
});

describe('concurrent edits on two replicas', () => {
	it('marks written on both sides into a building map created with the task both survive', () => {
		const [a, b] = replicas(docWith(task()));
		markHousehold(a, 't1', 'b1', '1-101', { s: 'visited', by: 'liaison01', at: 1 });
		markHousehold(b, 't1', 'b1', '1-102', { s: 'absent', by: 'chief1', at: 2 });
		exchange(a, b);
		expect(Object.keys(progressOf(a).get('b1')!.toJSON()).sort()).toEqual(['1-101', '1-102']);
		expect(progressOf(a).toJSON()).toEqual(progressOf(b).toJSON());
	});

	it('a scope edit on one side and a mark on the other both survive', () => {
		const [a, b] = replicas(docWith(task()));
		setScope(a, 't1', ['b1', 'b2', 'b3']);
		markHousehold(b, 't1', 'b2', '2-201', { s: 'refused', by: 'liaison01', at: 1 });
		exchange(a, b);
		expect(scopeOf(b)).toEqual(['b1', 'b2', 'b3']);
		expect(progressOf(a).get('b2')?.get('2-201')).toEqual({ s: 'refused', by: 'liaison01', at: 1 });
	});
});
