/**
 * A task's scope as the grid groups see it: per grid, its buildings of the scope and the liaisons
 * of those buildings (the liaisons of each building's micro-grid), each with its buildings.
 */
import { eq } from 'drizzle-orm';
import { db } from '../../db';
import { tasks } from '../../db/schema';
import { loadStructure } from '../../community';
import { peopleByIds, type Person } from './recipients';
import type { TaskRow } from '../../tasks/task-reports';

export type ScopeLiaison = { person: Person; buildingIds: string[] };

export type ScopeGrid = {
	gridId: string;
	/** The grid's buildings of the scope, in scope order. */
	buildingIds: string[];
	/** By name; a liaison of several micro-grids of the grid appears once. */
	liaisons: ScopeLiaison[];
	/** Buildings of the scope no (enabled) liaison looks after. */
	unassigned: string[];
};

export type TaskScope = { task: TaskRow; grids: ScopeGrid[]; label(buildingId: string): string };

const byName = (a: ScopeLiaison, b: ScopeLiaison) => a.person.name.localeCompare(b.person.name, 'zh-CN') || a.person.id.localeCompare(b.person.id);

/** Null when the task is unknown. Buildings outside every grid reach no grid group. */
export async function taskScope(taskId: string): Promise<TaskScope | null> {
	const [task] = await db().select().from(tasks).where(eq(tasks.id, taskId));
	if (!task) return null;
	const structure = await loadStructure(task.communityId);
	const buildings = new Map(structure.buildings.map((building) => [building.id, building]));
	const liaisonsOfMicroGrid = new Map(structure.microGrids.map((micro) => [micro.id, micro.liaisonIds]));
	const people = await peopleByIds(structure.microGrids.flatMap((micro) => micro.liaisonIds));

	const grids = new Map<string, ScopeGrid>();
	const liaisonsByGrid = new Map<string, Map<string, ScopeLiaison>>();
	for (const buildingId of task.scope) {
		const building = buildings.get(buildingId);
		if (!building?.gridId) continue;
		let grid = grids.get(building.gridId);
		if (!grid) grids.set(building.gridId, (grid = { gridId: building.gridId, buildingIds: [], liaisons: [], unassigned: [] }));
		grid.buildingIds.push(buildingId);
		let liaisons = liaisonsByGrid.get(building.gridId);
		if (!liaisons) liaisonsByGrid.set(building.gridId, (liaisons = new Map()));
		const keepers = (liaisonsOfMicroGrid.get(building.microGridId ?? '') ?? []).map((id) => people.get(id)).filter((person) => !!person);
		if (keepers.length === 0) grid.unassigned.push(buildingId);
		for (const person of keepers) {
			const entry = liaisons.get(person.id) ?? { person, buildingIds: [] };
			entry.buildingIds.push(buildingId);
			liaisons.set(person.id, entry);
		}
	}
	for (const [gridId, liaisons] of liaisonsByGrid) grids.get(gridId)!.liaisons = [...liaisons.values()].sort(byName);
	const gridOrder = new Map(structure.grids.map((grid, index) => [grid.id, index]));
	return {
		task,
		grids: [...grids.values()].sort((a, b) => (gridOrder.get(a.gridId) ?? 0) - (gridOrder.get(b.gridId) ?? 0)),
		label: (buildingId) => buildings.get(buildingId)?.label ?? buildingId
	};
}

/** Every liaison of the scope, once, with all its buildings of the scope. */
export function scopeLiaisons(scope: TaskScope): ScopeLiaison[] {
	const all = new Map<string, ScopeLiaison>();
	for (const grid of scope.grids) {
		for (const liaison of grid.liaisons) {
			const entry = all.get(liaison.person.id) ?? { person: liaison.person, buildingIds: [] };
			entry.buildingIds.push(...liaison.buildingIds);
			all.set(liaison.person.id, entry);
		}
	}
	return [...all.values()];
}
