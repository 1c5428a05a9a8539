import { describe, expect, it } from 'vitest';
import type { ProgressEntry } from './community-doc';
import { isOwnBuilding, mayManageTask } from './permissions';
import { placesOf, type TaskBuilding, type TaskContext } from './task-context';
import { standing } from '../../../tests/fixtures/standings';
import {
	addBuildings,
	buildingsInLasso,
	groupState,
	insideRing,
	offeredBuildingIds,
	resolveScope,
	scopeLiaisonIds,
	scopeProgress,
	scopeSummary,
	scopeTree,
	setGroup,
	toggleBuilding
} from './task-scope';

function building(id: string, microGridId: string | null, gridId: string | null, householdCount: number, households: string[] = []): TaskBuilding {
	return { id, label: `${id}号楼`, gridId, microGridId, compoundName: '', households, householdCount };
}

const structure: Pick<TaskContext, 'grids' | 'microGrids' | 'buildings'> = {
	grids: [
		{ id: 'g1', name: '第一网格', chiefIds: ['chief1'] },
		{ id: 'g2', name: '第二网格', chiefIds: ['chief2'] }
	],
	microGrids: [
		{ id: 'm1a', gridId: 'g1', name: '第一网格第2微网格', liaisonIds: ['l1a'] },
		{ id: 'm1b', gridId: 'g1', name: '第一网格第10微网格', liaisonIds: ['l1b'] },
		{ id: 'm2a', gridId: 'g2', name: '2-1微网格', liaisonIds: ['l2a', 'l2x'] },
		{ id: 'm2e', gridId: 'g2', name: '2-2微网格', liaisonIds: [] }
	],
	buildings: [
		building('b10', 'm1a', 'g1', 20, ['1-101', '1-102']),
		building('b2', 'm1a', 'g1', 10),
		building('b3', 'm1b', 'g1', 30),
		building('b4', 'm2a', 'g2', 40),
		building('b5', null, null, 50)
	]
};
const byId = new Map(structure.buildings.map((b) => [b.id, b]));

const chief1 = standing({ userId: 'chief1', chiefGridIds: ['g1'] });
const secretary = standing({ userId: 'sec', secretary: true });
const liaison = standing({ userId: 'l1a', liaisonMicroGridIds: ['m1a'] });
const street = standing({ userId: 'st', member: false, watcher: true });
const placeOf = placesOf(structure);

describe('what a dispatcher is offered', () => {
	it("a chief gets its own grid only, in the community's order, buildings by label", () => {
		const tree = scopeTree(chief1, structure);
		expect(tree.map((g) => g.id)).toEqual(['g1']);
		expect(tree[0].microGrids.map((m) => m.name)).toEqual(['第一网格第2微网格', '第一网格第10微网格']);
		expect(tree[0].microGrids[0].buildingIds).toEqual(['b2', 'b10']);
		expect(tree[0].households).toBe(60);
		expect([...offeredBuildingIds(tree)].sort()).toEqual(['b10', 'b2', 'b3']);
	});

	it('the secretary gets every grid, but never a building outside any micro-grid nor an empty micro-grid', () => {
		const tree = scopeTree(secretary, structure);
		expect(tree.map((g) => g.id)).toEqual(['g1', 'g2']);
		expect(tree[1].microGrids.map((m) => m.id)).toEqual(['m2a']);
		expect(offeredBuildingIds(tree).has('b5')).toBe(false);
	});

	it('liaisons and the street office are offered nothing', () => {
		expect(scopeTree(liaison, structure)).toEqual([]);
		expect(scopeTree(street, structure)).toEqual([]);
	});

	it('may manage a scope only when every building is theirs', () => {
		expect(mayManageTask(chief1, ['b2', 'b3'], placeOf)).toBe(true);
		expect(mayManageTask(chief1, ['b2', 'b4'], placeOf)).toBe(false);
		expect(mayManageTask(chief1, ['nope'], placeOf)).toBe(false);
		expect(mayManageTask(secretary, ['b2', 'b4'], placeOf)).toBe(true);
		expect(mayManageTask(liaison, ['b2'], placeOf)).toBe(false);
		expect(mayManageTask(street, ['b2'], placeOf)).toBe(false);
	});
});

describe('resolving a choice', () => {
	const tree = scopeTree(chief1, structure);

	it('turns grids, micro-grids and buildings into building ids, each once, in tree order', () => {
		expect(resolveScope({ microGridIds: ['m1b'], buildingIds: ['b10', 'b3'] }, tree)).toEqual(['b10', 'b3']);
		expect(resolveScope({ gridIds: ['g1'], buildingIds: ['b2'] }, tree)).toEqual(['b2', 'b10', 'b3']);
	});

	it('drops what the chief may not dispatch to', () => {
		expect(resolveScope({ gridIds: ['g2'], microGridIds: ['m2a'], buildingIds: ['b4', 'b5', 'x'] }, tree)).toEqual([]);
	});
});

describe('editing a choice', () => {
	it('tells whether a group is all, partly or not chosen', () => {
		expect(groupState(new Set(['b2', 'b10']), ['b2', 'b10'])).toBe('all');
		expect(groupState(new Set(['b2']), ['b2', 'b10'])).toBe('some');
		expect(groupState(new Set(['b3']), ['b2', 'b10'])).toBe('none');
	});

	it('switches a group on and off, and single buildings', () => {
		expect(setGroup(['b3', 'b2'], ['b2', 'b10'], true)).toEqual(['b3', 'b2', 'b10']);
		expect(setGroup(['b3', 'b2'], ['b2', 'b10'], false)).toEqual(['b3']);
		expect(toggleBuilding(['b3'], 'b2')).toEqual(['b3', 'b2']);
		expect(toggleBuilding(['b3', 'b2'], 'b3')).toEqual(['b2']);
		expect(addBuildings(['b3'], ['b2', 'b3', 'b2'])).toEqual(['b3', 'b2']);
	});
});

describe('figures', () => {
	it('counts buildings and households of a scope', () => {
		expect(scopeSummary(['b2', 'b10', 'b2'], structure.buildings)).toEqual({ buildings: 2, households: 30 });
		expect(scopeSummary([], structure.buildings)).toEqual({ buildings: 0, households: 0 });
	});

	it('finds the tasks of a liaison and the liaisons of a task', () => {
		expect(['b3', 'b10'].some((id) => isOwnBuilding(liaison, placeOf(id)))).toBe(true);
		expect(['b3', 'b4'].some((id) => isOwnBuilding(liaison, placeOf(id)))).toBe(false);
		expect(scopeLiaisonIds(['b2', 'b10', 'b4'], byId, structure.microGrids).sort()).toEqual(['l1a', 'l2a', 'l2x']);
	});

	it('counts visited and marked households of the total, ignoring codes a building does not have', () => {
		const mark = (s: ProgressEntry['s']): ProgressEntry => ({ s, by: 'l1a', at: 1 });
		const progress = {
			b10: { '1-101': mark('visited'), '9-999': mark('visited') },
			b2: { a: mark('absent'), b: mark('refused') },
			b4: Object.fromEntries(Array.from({ length: 45 }, (_, i) => [`x${i}`, mark('visited')]))
		};
		// b10's codes are its households (2 of them, whatever its count says), as tallyBuilding counts it everywhere.
		expect(scopeProgress(['b10', 'b2'], progress, byId)).toMatchObject({ visited: 1, done: 3, total: 12 });
		// Without its codes a building counts its marks, never beyond its size.
		expect(scopeProgress(['b4'], progress, byId)).toMatchObject({ visited: 40, done: 40, total: 40 });
		expect(scopeProgress([], progress, byId)).toMatchObject({ visited: 0, done: 0, total: 0 });
	});
});

describe('lasso', () => {
	const square = [
		{ x: 0, y: 0 },
		{ x: 100, y: 0 },
		{ x: 100, y: 100 },
		{ x: 0, y: 100 }
	];

	it('knows inside from outside, also for a concave shape', () => {
		expect(insideRing({ x: 50, y: 50 }, square)).toBe(true);
		expect(insideRing({ x: 150, y: 50 }, square)).toBe(false);
		const notch = [{ x: 0, y: 0 }, { x: 100, y: 0 }, { x: 100, y: 100 }, { x: 50, y: 40 }, { x: 0, y: 100 }];
		expect(insideRing({ x: 50, y: 80 }, notch)).toBe(false);
		expect(insideRing({ x: 50, y: 20 }, notch)).toBe(true);
	});

	it('picks the buildings whose anchor lies inside', () => {
		const anchors = [
			{ id: 'in', x: 10, y: 10 },
			{ id: 'out', x: -5, y: 10 }
		];
		expect(buildingsInLasso(square, anchors)).toEqual(['in']);
		expect(buildingsInLasso(square.slice(0, 2), anchors)).toEqual([]);
	});
});
