import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createTask, markHousehold } from '$lib/domain/task-doc';
import type { FeatureStateTarget } from './task-progress';
import { VisitAgeMap } from './visit-age-map';

const day = 86_400_000;
const now = Date.parse('2026-12-03T12:00:00Z');

class Recorder implements FeatureStateTarget {
	readonly bands = new Map<string, unknown>();
	calls = 0;
	setFeatureState({ id }: { id: string }, state: Record<string, unknown>) {
		this.calls++;
		this.bands.set(id, state.visitAge);
	}
	removeFeatureState({ id }: { id: string }) {
		this.bands.delete(id);
	}
}

function setUp() {
	const doc = new Y.Doc();
	createTask(doc, { id: 't1', title: '夜查', kind: 'check', instructions: '', createdBy: 'chief', createdAt: 1, dueAt: null, scope: ['b1'] });
	const target = new Recorder();
	const changes: string[][] = [];
	const lastVisits = new Map<string, number | null>([
		['b1', now - 40 * day],
		['b2', null],
		['b3', now - 10 * day]
	]);
	const map = new VisitAgeMap({ lastVisits, target, now: () => now, onchange: (ids) => changes.push([...ids]) });
	const stop = map.watch(doc);
	return { doc, target, map, changes, stop };
}

describe('VisitAgeMap', () => {
	it('colours every building by its last visit as the server counted it', () => {
		const { target, map } = setUp();
		expect(Object.fromEntries(target.bands)).toEqual({ b1: 'over30', b2: 'never', b3: 'within14' });
		expect(map.counts()).toMatchObject({ over30: 1, never: 1, within14: 1, within7: 0 });
	});

	it('turns a building green on a visit mark in the live document, touching only that building', () => {
		const { doc, target, changes } = setUp();
		const before = target.calls;
		markHousehold(doc, 't1', 'b1', '1-101', { s: 'absent', by: 'liaison01', at: now - 1000 });
		expect(target.bands.get('b1')).toBe('within7');
		expect(changes.at(-1)).toEqual(['b1']);
		expect(target.calls).toBe(before + 1);
		// A second mark in the same band changes nothing on the map.
		markHousehold(doc, 't1', 'b1', '1-102', { s: 'visited', by: 'liaison01', at: now });
		expect(target.calls).toBe(before + 1);
	});

	it('reads the marks of a task that arrives whole (another client created it offline)', () => {
		const { doc, target } = setUp();
		const other = new Y.Doc();
		Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
		createTask(other, { id: 't2', title: '走访', kind: 'check', instructions: '', createdBy: 'chief', createdAt: 2, dueAt: null, scope: ['b2'] });
		markHousehold(other, 't2', 'b2', '1-101', { s: 'visited', by: 'liaison02', at: now - 2 * day });
		Y.applyUpdate(doc, Y.encodeStateAsUpdate(other, Y.encodeStateVector(doc)));
		expect(target.bands.get('b2')).toBe('within7');
	});

	it('ignores clearing, unknown buildings and older marks', () => {
		const { doc, target, map } = setUp();
		markHousehold(doc, 't1', 'b3', '1-101', { s: 'visited', by: 'x', at: now - 20 * day });
		expect(target.bands.get('b3')).toBe('within14');
		markHousehold(doc, 't1', 'b9', '1-101', { s: 'visited', by: 'x', at: now });
		expect(target.bands.has('b9')).toBe(false);
		markHousehold(doc, 't1', 'b1', '1-101', null);
		expect(target.bands.get('b1')).toBe('over30');
		expect(map.lastVisit('b1')).toBe(now - 40 * day);
	});

	it('turns a building back when its mark is taken back: the server seed and the live marks are kept apart', () => {
		const { doc, target, map, changes } = setUp();
		markHousehold(doc, 't1', 'b1', '1-101', { s: 'visited', by: 'liaison01', at: now - 1000 });
		expect(target.bands.get('b1')).toBe('within7');
		markHousehold(doc, 't1', 'b1', '1-101', null);
		expect(target.bands.get('b1')).toBe('over30');
		expect(map.band('b1')).toBe('over30');
		expect(map.lastVisit('b1')).toBe(now - 40 * day);
		expect(changes.at(-1)).toEqual(['b1']);
		expect(map.counts()).toMatchObject({ over30: 1, within7: 0 });
	});

	it('after a take-back keeps the latest visit still in the document, across tasks', () => {
		const { doc, target, map } = setUp();
		createTask(doc, { id: 't2', title: '走访', kind: 'check', instructions: '', createdBy: 'chief', createdAt: 2, dueAt: null, scope: ['b1'] });
		markHousehold(doc, 't2', 'b1', '1-102', { s: 'visited', by: 'liaison02', at: now - 9 * day });
		markHousehold(doc, 't1', 'b1', '1-101', { s: 'visited', by: 'liaison01', at: now - 1000 });
		expect(target.bands.get('b1')).toBe('within7');
		markHousehold(doc, 't1', 'b1', '1-101', null);
		expect(map.lastVisit('b1')).toBe(now - 9 * day);
		expect(target.bands.get('b1')).toBe('within14');
	});

	it('reads the marks the document already holds when it starts watching', () => {
		const doc = new Y.Doc();
		createTask(doc, { id: 't1', title: '夜查', kind: 'check', instructions: '', createdBy: 'chief', createdAt: 1, dueAt: null, scope: ['b1'] });
		markHousehold(doc, 't1', 'b1', '1-101', { s: 'visited', by: 'liaison01', at: now - 2 * day });
		const target = new Recorder();
		const map = new VisitAgeMap({ lastVisits: new Map([['b1', now - 40 * day]]), target, now: () => now });
		map.watch(doc);
		expect(map.band('b1')).toBe('within7');
		expect(map.lastVisit('b1')).toBe(now - 2 * day);
	});

	it('re-bands with the time of its refresh: band() is what the map shows', () => {
		const doc = new Y.Doc();
		let clock = now;
		const target = new Recorder();
		const map = new VisitAgeMap({ lastVisits: new Map([['b1', now - 7 * day]]), target, now: () => clock });
		map.watch(doc);
		expect(map.band('b1')).toBe('within7');
		clock += 2 * day;
		map.refresh();
		expect(map.band('b1')).toBe('within14');
		expect(target.bands.get('b1')).toBe(map.band('b1'));
	});

	it('removes its states when it stops', () => {
		const { target, stop } = setUp();
		stop();
		expect(target.bands.size).toBe(0);
	});
});
