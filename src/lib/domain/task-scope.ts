/**
 * A task's scope is a list of building ids. Here: which buildings a dispatcher may put in it
 * (the sync server refuses any other, so the pages never offer them), the grid → micro-grid →
 * building tree the pickers show, turning a choice of whole grids, micro-grids and single
 * buildings into building ids, and the figures shown beside a scope.
 */
import type { ProgressEntry } from './community-doc';
import { mayScopeBuilding, type Standing } from './permissions';
import { sumTallies, tallyBuilding, type Tally } from './progress';
import type { TaskBuilding, TaskContext } from './task-context';

type Structure = Pick<TaskContext, 'grids' | 'microGrids' | 'buildings'>;

export type ScopeMicroGrid = { id: string; name: string; gridId: string; buildings: TaskBuilding[]; buildingIds: string[]; households: number };
export type ScopeGrid = { id: string; name: string; microGrids: ScopeMicroGrid[]; buildingIds: string[]; households: number };

const byLabel = (a: TaskBuilding, b: TaskBuilding) => a.label.localeCompare(b.label, 'zh-CN', { numeric: true });

/**
 * What the viewer may choose from, as grids → micro-grids → buildings; empty branches left
 * out. Grids and micro-grids keep the community's own order (第一网格 before 第二网格, which
 * no string sort gives), buildings go by label.
 */
export function scopeTree(standing: Standing, structure: Structure): ScopeGrid[] {
	const buildingsOf = new Map<string, TaskBuilding[]>();
	for (const building of structure.buildings) {
		if (!mayScopeBuilding(standing, building)) continue;
		const list = buildingsOf.get(building.microGridId!);
		if (list) list.push(building);
		else buildingsOf.set(building.microGridId!, [building]);
	}
	const grids: ScopeGrid[] = [];
	for (const grid of structure.grids) {
		const microGrids = structure.microGrids
			.filter((micro) => micro.gridId === grid.id && buildingsOf.has(micro.id))
			.map((micro) => {
				const buildings = [...buildingsOf.get(micro.id)!].sort(byLabel);
				return {
					id: micro.id,
					name: micro.name,
					gridId: grid.id,
					buildings,
					buildingIds: buildings.map((b) => b.id),
					households: buildings.reduce((sum, b) => sum + b.householdCount, 0)
				};
			});
		if (microGrids.length === 0) continue;
		grids.push({
			id: grid.id,
			name: grid.name,
			microGrids,
			buildingIds: microGrids.flatMap((micro) => micro.buildingIds),
			households: microGrids.reduce((sum, micro) => sum + micro.households, 0)
		});
	}
	return grids;
}

/** Every building id the tree offers. */
export function offeredBuildingIds(tree: readonly ScopeGrid[]): Set<string> {
	return new Set(tree.flatMap((grid) => grid.buildingIds));
}

export type ScopeChoice = { gridIds?: readonly string[]; microGridIds?: readonly string[]; buildingIds?: readonly string[] };

/**
 * The buildings a choice stands for, in tree order, each once. Anything the tree does not
 * offer (another chief's grid, an unknown id) is dropped rather than sent to be refused.
 */
export function resolveScope(choice: ScopeChoice, tree: readonly ScopeGrid[]): string[] {
	const grids = new Set(choice.gridIds ?? []);
	const micros = new Set(choice.microGridIds ?? []);
	const singles = new Set(choice.buildingIds ?? []);
	const result: string[] = [];
	for (const grid of tree)
		for (const micro of grid.microGrids)
			for (const id of micro.buildingIds) if (grids.has(grid.id) || micros.has(micro.id) || singles.has(id)) result.push(id);
	return result;
}

export type GroupState = 'all' | 'some' | 'none';

/** How much of a group (a grid's or micro-grid's buildings) is chosen: for its checkbox. */
export function groupState(selected: ReadonlySet<string>, ids: readonly string[]): GroupState {
	const chosen = ids.filter((id) => selected.has(id)).length;
	return chosen === 0 ? 'none' : chosen === ids.length ? 'all' : 'some';
}

/** The scope with a group switched on (every building of it added) or off (all removed). */
export function setGroup(scope: readonly string[], ids: readonly string[], on: boolean): string[] {
	const group = new Set(ids);
	const rest = scope.filter((id) => !group.has(id));
	return on ? [...rest, ...ids] : rest;
}

/** Adds buildings not yet in the scope, keeping its order. */
export function addBuildings(scope: readonly string[], ids: Iterable<string>): string[] {
	const present = new Set(scope);
	const result = [...scope];
	for (const id of ids)
		if (!present.has(id)) {
			present.add(id);
			result.push(id);
		}
	return result;
}

export function toggleBuilding(scope: readonly string[], id: string): string[] {
	return scope.includes(id) ? scope.filter((other) => other !== id) : [...scope, id];
}

export type ScopeSummary = { buildings: number; households: number };

export function scopeSummary(scope: readonly string[], buildings: readonly TaskBuilding[]): ScopeSummary {
	const unique = new Set(scope);
	let households = 0;
	for (const building of buildings) if (unique.has(building.id)) households += building.householdCount;
	return { buildings: unique.size, households };
}

/** The liaisons of the micro-grids the scope touches: those expected to acknowledge. */
export function scopeLiaisonIds(scope: readonly string[], buildings: ReadonlyMap<string, TaskBuilding>, microGrids: TaskContext['microGrids']): string[] {
	const micros = new Set(scope.map((id) => buildings.get(id)?.microGridId).filter((id): id is string => !!id));
	return [...new Set(microGrids.filter((micro) => micros.has(micro.id)).flatMap((micro) => micro.liaisonIds))];
}

/** The scope's coverage: each building of it tallied once by `tallyBuilding`, summed. */
export function scopeProgress(
	scope: readonly string[],
	progress: Readonly<Record<string, Readonly<Record<string, ProgressEntry>>>>,
	buildings: ReadonlyMap<string, TaskBuilding>
): Tally {
	return sumTallies([...new Set(scope)].map((id) => tallyBuilding(buildings.get(id), progress[id] ?? {})));
}

type Point = { x: number; y: number };

/** Even-odd rule; `ring` need not repeat its first point. */
export function insideRing(point: Point, ring: readonly Point[]): boolean {
	let inside = false;
	for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
		const a = ring[i];
		const b = ring[j];
		if (a.y > point.y !== b.y > point.y && point.x < ((b.x - a.x) * (point.y - a.y)) / (b.y - a.y) + a.x) inside = !inside;
	}
	return inside;
}

/** The buildings whose anchor point lies inside a lasso drawn on the screen (both in pixels). */
export function buildingsInLasso(lasso: readonly Point[], anchors: readonly (Point & { id: string })[]): string[] {
	if (lasso.length < 3) return [];
	return anchors.filter((anchor) => insideRing(anchor, lasso)).map((anchor) => anchor.id);
}
