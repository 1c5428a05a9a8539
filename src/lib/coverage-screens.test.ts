/**
 * One building's figures are the same on every screen and in the task API: the same
 * marks go through the chief's board, the task map, the liaison's lists, the task list and the
 * projection path behind `GET /api/tasks/:id`, and every one must read `tallyBuilding`'s tally.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { TaskProgressMap, type FeatureStateTarget } from '$lib/client/map/task-progress';
import { boardCards, taskFigures } from '$lib/domain/board-cards';
import type { ProgressEntry, ProgressStatus } from '$lib/domain/community-doc';
import { liaisonBuildingTallies } from '$lib/domain/liaison-inbox';
import { sumTallies, tallyBuilding, type Tally } from '$lib/domain/progress';
import type { TaskBuilding, TaskContext } from '$lib/domain/task-context';
import { createTask, markHousehold, taskOf } from '$lib/domain/task-doc';
import { scopeBuildingProgress } from '$lib/domain/task-report';
import { scopeProgress } from '$lib/domain/task-scope';
import { readTask } from '$lib/domain/task-view';
import { capabilities } from '../../tests/fixtures/standings';

const noMap: FeatureStateTarget = { setFeatureState() {}, removeFeatureState() {} };

const building = (id: string, households: string[], householdCount = households.length): TaskBuilding => ({
	id,
	label: `${id}栋`,
	gridId: 'g1',
	microGridId: 'm1',
	compoundName: '乐雅苑',
	households,
	householdCount
});

function contextOf(buildings: TaskBuilding[]): TaskContext {
	return {
		community: { id: 'c1', name: '乐雅社区' },
		capabilities: capabilities({ userId: 'chief', chiefGridIds: ['g1'] }),
		people: [{ id: 'li', displayName: '李四', phone: '', partyMember: false, roles: ['liaison'], gridIds: [], microGridIds: ['m1'] }],
		grids: [{ id: 'g1', name: '一网格', chiefIds: ['chief'] }],
		microGrids: [{ id: 'm1', gridId: 'g1', name: '一', liaisonIds: ['li'] }],
		buildings
	};
}

type Mark = [buildingId: string, code: string, status: ProgressStatus | null, at: number];

/** Writes the marks into a live document in the given order; the map watches it from the start. */
function live(context: TaskContext, marks: readonly Mark[]) {
	const doc = new Y.Doc();
	const scope = context.buildings.map((b) => b.id);
	createTask(doc, { id: 't1', title: '排查', kind: 'check', instructions: '', createdBy: 'chief', createdAt: 1, dueAt: null, scope });
	const map = new TaskProgressMap({ buildings: context.buildings, target: noMap });
	map.watch(doc, 't1');
	for (const [buildingId, code, s, at] of marks) markHousehold(doc, 't1', buildingId, code, s && { s, by: 'li', at });
	return { task: readTask('t1', taskOf(doc, 't1')!), map };
}

/** The projection's view of the same marks: the latest mark of each household, clears left out. */
function projected(marks: readonly Mark[]): Map<string, Map<string, ProgressEntry>> {
	const byBuilding = new Map<string, Map<string, ProgressEntry>>();
	for (const [buildingId, code, s, at] of marks) {
		const list = byBuilding.get(buildingId) ?? new Map<string, ProgressEntry>();
		byBuilding.set(buildingId, list);
		if (s) list.set(code, { s, by: 'li', at });
		else list.delete(code);
	}
	return byBuilding;
}

/** Every screen's figure for every building of the scope, by screen. */
function figuresEverywhere(context: TaskContext, marks: readonly Mark[], serverCodes?: ReadonlyMap<string, string[]>) {
	const { task, map } = live(context, marks);
	const cards = boardCards(task, context, 100);
	const screens: Record<string, Map<string, Tally>> = {
		board: new Map(cards.flatMap((card) => card.buildings.map((b) => [b.id, b.tally] as const))),
		map: new Map(task.scope.map((id) => [id, map.tally(id)!])),
		liaisonList: new Map(liaisonBuildingTallies(task, context.buildings).map(({ building, tally }) => [building.id, tally]))
	};
	if (serverCodes) {
		const api = scopeBuildingProgress(task.scope, serverCodes, projected(marks));
		screens.api = new Map(api.map(({ buildingId, ...tally }) => [buildingId, tally]));
	}
	const sums = {
		board: taskFigures(task, cards, 100).tally,
		liaisonCard: cards.find((card) => card.userId === 'li')!.tally,
		taskList: scopeProgress(task.scope, task.progress, new Map(context.buildings.map((b) => [b.id, b])))
	};
	return { task, screens, sums };
}

const codes = ['1-101', '1-102', '1-201', '1-202'];

describe('one building, one figure on every screen', () => {
	it('a building with codes and one whose list was never entered read the same on the board, the map, the liaison list and the API', () => {
		const context = contextOf([building('coded', codes), building('codeless', [])]);
		const marks: Mark[] = [
			['coded', '1-101', 'visited', 10],
			['coded', '1-102', 'refused', 30],
			['coded', '9-999', 'visited', 50], // not a household of the building
			['coded', '1-201', 'absent', 20],
			['coded', '1-201', null, 40], // taken back
			['coded', '1-202', 'issue', 25],
			// More marks than households (none): nothing counts.
			['codeless', '1-101', 'visited', 11],
			['codeless', '1-102', 'visited', 12]
		];
		const serverCodes = new Map([['coded', codes]]);
		const { task, screens, sums } = figuresEverywhere(context, marks, serverCodes);
		const expected = new Map(context.buildings.map((b) => [b.id, tallyBuilding(b, task.progress[b.id] ?? {})]));
		expect(expected.get('coded')).toEqual({ total: 4, visited: 1, absent: 0, refused: 1, issue: 1, done: 3, lastAt: 30 });
		expect(expected.get('codeless')).toEqual({ total: 0, visited: 0, absent: 0, refused: 0, issue: 0, done: 0, lastAt: null });
		for (const [screen, figures] of Object.entries(screens)) expect(figures, screen).toEqual(expected);
		const sum = sumTallies(expected.values());
		for (const [screen, tally] of Object.entries(sums)) expect(tally, screen).toEqual(sum);
	});

	it('a building without a household list is capped at its household count on every screen, whatever order the marks came in', () => {
		const context = contextOf([building('coded', codes), building('far', [], 3)]);
		const marks: Mark[] = [
			['far', '2-101', 'visited', 5],
			['far', '2-102', 'absent', 9],
			['far', '2-201', 'refused', 7],
			['far', '2-202', 'visited', 9],
			['far', '2-301', 'issue', 1],
			['far', '2-302', 'visited', 3],
			['coded', '1-101', 'visited', 2]
		];
		const forward = figuresEverywhere(context, marks);
		const backward = figuresEverywhere(context, [...marks].reverse());
		const expected = tallyBuilding(context.buildings[1], forward.task.progress.far);
		// 26/24 never: the three latest of six marks count.
		expect(expected).toEqual({ total: 3, visited: 1, absent: 1, refused: 1, issue: 0, done: 3, lastAt: 9 });
		for (const { screens, sums } of [forward, backward]) {
			for (const [screen, figures] of Object.entries(screens)) {
				expect(figures.get('far'), screen).toEqual(expected);
				expect(figures.get('coded'), screen).toMatchObject({ total: 4, visited: 1, done: 1 });
			}
			for (const [screen, tally] of Object.entries(sums)) expect(tally, screen).toMatchObject({ total: 7, done: 4 });
		}
	});
});
