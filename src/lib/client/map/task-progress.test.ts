import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createTask, markHousehold, setScope, tasksOf } from '$lib/domain/task-doc';
import { buildingState, tallyBuilding } from '$lib/domain/progress';
import { readTask } from '$lib/domain/task-view';
import { lastRecordedPlaces, TaskProgressMap, type FeatureStateTarget, type TaskMapBuilding } from './task-progress';

/** A stand-in for the map's feature state: what each building holds, and every call made. */
class StateRecorder implements FeatureStateTarget {
	readonly states = new Map<string, Record<string, unknown>>();
	readonly calls: string[] = [];
	setFeatureState({ source, id }: { source: string; id: string }, state: Record<string, unknown>) {
		this.calls.push(`set ${source}/${id} ${JSON.stringify(state)}`);
		this.states.set(id, { ...this.states.get(id), ...state });
	}
	removeFeatureState({ source, id }: { source: string; id: string }, key?: string) {
		this.calls.push(`remove ${source}/${id} ${key}`);
		const state = { ...this.states.get(id) };
		if (key) delete state[key];
		this.states.set(id, state);
	}
	progress(id: string) {
		return this.states.get(id)?.progress ?? null;
	}
}

const codes = (n: number) => Array.from({ length: n }, (_, i) => `1-${Math.floor(i / 2) + 1}0${(i % 2) + 1}`);
const buildings: TaskMapBuilding[] = [
	{ id: 'b1', households: codes(4), householdCount: 4 },
	{ id: 'b2', households: codes(2), householdCount: 2 },
	{ id: 'b3', households: codes(6), householdCount: 6 },
	// A building whose list was never entered: marks count against the household count.
	{ id: 'far', households: [], householdCount: 3 }
];

function setUp(scope = ['b1', 'b2']) {
	const doc = new Y.Doc();
	createTask(doc, { id: 't1', title: '排查', kind: 'check', instructions: '', createdBy: 'chief', createdAt: 1, dueAt: null, scope });
	const target = new StateRecorder();
	const changes: string[][] = [];
	const engine = new TaskProgressMap({ buildings, target, onchange: (ids) => changes.push([...ids]) });
	const stop = engine.watch(doc, 't1');
	return { doc, target, engine, changes, stop };
}

const visit = (doc: Y.Doc, buildingId: string, code: string, s: 'visited' | 'absent' | 'refused' | 'issue' = 'visited', by = 'li', at = 10) =>
	markHousehold(doc, 't1', buildingId, code, { s, by, at });

describe('TaskProgressMap', () => {
	it('seeds every building of the scope as untouched and nothing else', () => {
		const { target, engine } = setUp();
		expect(target.progress('b1')).toBe('untouched');
		expect(target.progress('b2')).toBe('untouched');
		expect(target.states.has('b3')).toBe(false);
		expect(engine.counts()).toEqual({ untouched: 2, partial: 0, done: 0, attention: 0 });
	});

	it('moves one building through partial, done and attention, setting state only when it changes', () => {
		const { doc, target, engine, changes } = setUp();
		target.calls.length = 0;
		visit(doc, 'b2', '1-101');
		expect(target.progress('b2')).toBe('partial');
		expect(target.calls).toEqual(['set structure/b2 {"progress":"partial"}']);
		expect(changes.at(-1)).toEqual(['b2']);

		visit(doc, 'b2', '1-102', 'absent');
		expect(target.progress('b2')).toBe('done');
		// Another mark that does not change the colour costs no map call.
		markHousehold(doc, 't1', 'b2', '1-101', { s: 'absent', by: 'li', at: 11 });
		expect(target.calls).toHaveLength(2);

		visit(doc, 'b2', '1-101', 'refused');
		expect(target.progress('b2')).toBe('attention');
		markHousehold(doc, 't1', 'b2', '1-101', null);
		expect(target.progress('b2')).toBe('partial');
		expect(target.progress('b1')).toBe('untouched');
		expect(engine.counts()).toEqual({ untouched: 1, partial: 1, done: 0, attention: 0 });
	});

	it('matches a full recompute after many random marks in one and several transactions', () => {
		const { doc, target, engine } = setUp(['b1', 'b2', 'b3']);
		let seed = 7;
		const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
		const statuses = ['visited', 'absent', 'refused', 'issue', null] as const;
		for (let round = 0; round < 300; round++) {
			doc.transact(() => {
				for (let i = 0; i < 1 + Math.floor(random() * 3); i++) {
					const building = buildings[Math.floor(random() * 3)];
					const code = building.households[Math.floor(random() * building.households.length)];
					const s = statuses[Math.floor(random() * statuses.length)];
					markHousehold(doc, 't1', building.id, code, s && { s, by: 'li', at: round });
				}
			});
		}
		const view = readTask('t1', tasksOf(doc).get('t1')!);
		for (const building of buildings.slice(0, 3)) {
			const expected = buildingState(tallyBuilding(building, view.progress[building.id] ?? {}));
			expect(target.progress(building.id)).toBe(expected);
			expect(engine.state(building.id)).toBe(expected);
		}
	});

	it('counts marks of a building without codes against its household count', () => {
		const { doc, target, engine } = setUp(['far']);
		visit(doc, 'far', '2-301');
		expect(target.progress('far')).toBe('partial');
		expect(engine.tally('far')).toMatchObject({ total: 3, visited: 1, done: 1 });
		visit(doc, 'far', '2-302');
		visit(doc, 'far', '2-401');
		expect(target.progress('far')).toBe('done');
		// More marks than households: capped at the household count, the latest ones counted.
		visit(doc, 'far', '2-402', 'absent', 'li', 20);
		expect(engine.tally('far')).toMatchObject({ total: 3, visited: 2, absent: 1, done: 3, lastAt: 20 });
	});

	it('ignores a mark on a code the building does not have', () => {
		const { doc, target, engine } = setUp(['b2']);
		target.calls.length = 0;
		visit(doc, 'b2', '9-999', 'refused');
		expect(target.calls).toEqual([]);
		expect(engine.tally('b2')).toMatchObject({ total: 2, done: 0 });
	});

	it('re-seeds on a scope edit: leavers lose their state, joiners get theirs from their marks', () => {
		const { doc, target, engine } = setUp();
		visit(doc, 'b1', '1-101');
		// Marks recorded for b3 before it joins the scope count once it does.
		markHousehold(doc, 't1', 'b3', '1-101', { s: 'issue', by: 'li', at: 5 });
		expect(target.states.has('b3')).toBe(false);

		setScope(doc, 't1', ['b2', 'b3']);
		expect(target.progress('b1')).toBeNull();
		expect(target.calls).toContain('remove structure/b1 progress');
		expect(target.progress('b2')).toBe('untouched');
		expect(target.progress('b3')).toBe('attention');
		expect(engine.scopeSize).toBe(2);

		// A mark in a building that left changes nothing on the map.
		target.calls.length = 0;
		visit(doc, 'b1', '1-102');
		expect(target.calls).toEqual([]);
	});

	it('follows a task that arrives later and clears everything when it is removed or the watch stops', () => {
		const doc = new Y.Doc();
		const target = new StateRecorder();
		const engine = new TaskProgressMap({ buildings, target });
		const stop = engine.watch(doc, 't1');
		expect(target.calls).toEqual([]);

		createTask(doc, { id: 't1', title: '排查', kind: 'check', instructions: '', createdBy: 'c', createdAt: 1, dueAt: null, scope: ['b1'] });
		expect(target.progress('b1')).toBe('untouched');
		tasksOf(doc).delete('t1');
		expect(target.progress('b1')).toBeNull();

		createTask(doc, { id: 't1', title: '排查', kind: 'check', instructions: '', createdBy: 'c', createdAt: 1, dueAt: null, scope: ['b2'] });
		visit(doc, 'b2', '1-101');
		expect(target.progress('b2')).toBe('partial');
		stop();
		expect(target.progress('b2')).toBeNull();
		visit(doc, 'b2', '1-102');
		expect(target.progress('b2')).toBeNull();
	});

	it('takes marks that arrive from another replica as one update', () => {
		const { doc, target } = setUp();
		const remote = new Y.Doc();
		Y.applyUpdate(remote, Y.encodeStateAsUpdate(doc));
		const before = Y.encodeStateVector(remote);
		remote.transact(() => {
			for (const code of ['1-101', '1-102', '1-201', '1-202'])
				markHousehold(remote, 't1', 'b1', code, { s: 'visited', by: 'li', at: 3 });
		});
		target.calls.length = 0;
		Y.applyUpdate(doc, Y.encodeStateAsUpdate(remote, before));
		expect(target.calls).toEqual(['set structure/b1 {"progress":"done"}']);
	});
});

describe('lastRecordedPlaces', () => {
	it('places each person at the building of their latest mark in the scope, newest first', () => {
		const progress = {
			b1: { '1-101': { s: 'visited' as const, by: 'ann', at: 5 }, '1-102': { s: 'absent' as const, by: 'bob', at: 9 } },
			b2: { '1-101': { s: 'visited' as const, by: 'ann', at: 7 } },
			out: { '1-101': { s: 'visited' as const, by: 'bob', at: 20 } }
		};
		expect(lastRecordedPlaces(progress, ['b1', 'b2'])).toEqual([
			{ userId: 'bob', buildingId: 'b1', at: 9 },
			{ userId: 'ann', buildingId: 'b2', at: 7 }
		]);
		expect(lastRecordedPlaces({}, ['b1'])).toEqual([]);
	});
});
