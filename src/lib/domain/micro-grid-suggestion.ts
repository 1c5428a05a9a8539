/**
 * Balanced micro-grids: a grid's buildings cut into contiguous groups of about `min`–`max`
 * households, for a chief who redraws micro-grids when a building fills or a liaison leaves.
 *
 * How (see docs/map.md, "Balanced micro-grids"):
 * 1. Neighbours: the minimum spanning tree over the buildings' representative points (so the
 *    graph is connected) plus every pair closer than 1.5 × the tree's median edge.
 * 2. A sweep: buildings by compound (compounds in the order the sweep meets them), then in rows
 *    north to south (a new row where the latitude drops by more than 15 m), snaking west→east,
 *    east→west, so each building's successor is near it — demo slabs face south in rows.
 * 3. Cuts: the sweep split into runs by dynamic programming, each run costing its distance from
 *    the target, a run that is not connected in the neighbour graph or spans compounds costing
 *    much more. A building with more than `max` households is a run of its own (`oversize`).
 * 4. Repair: a group still outside the target gives or takes a boundary building to or from a
 *    neighbouring group when that lowers the total cost and keeps both groups connected.
 * Pure and deterministic: ties go by building id, nothing random.
 */
import type { Position } from './geojson';

export type SuggestionBuilding = { id: string; households: number; compoundId: string | null; point: Position };
export type Target = { min: number; max: number };
export type SuggestedGroup = { buildingIds: string[]; households: number; oversize: boolean };

/** What a chief may ask for: households per group. */
export const targetBounds = { min: 10, max: 1000 } as const;
export const defaultTarget: Target = { min: 80, max: 100 };
/** A grid with more buildings than this is not balanced in one request. */
export const maxSuggestionBuildings = 2000;

const rowBreakMetres = 15;
/** Longest run the cut considers: keeps the cost of a large grid bounded. */
const maxRunBuildings = 120;
const outsideWeight = 100;
const compoundPenalty = 500;
const disconnectedPenalty = 1_000_000;
const mixedOversizePenalty = 10_000_000;

type Node = SuggestionBuilding & { x: number; y: number };

/** Metres east and north of the first point: good enough within a grid. */
function projected(buildings: SuggestionBuilding[]): Node[] {
	if (!buildings.length) return [];
	const [lon0, lat0] = buildings[0].point;
	const metresPerDegree = 111_320;
	const cos = Math.cos((lat0 * Math.PI) / 180);
	return buildings.map((b) => ({ ...b, x: (b.point[0] - lon0) * metresPerDegree * cos, y: (b.point[1] - lat0) * metresPerDegree }));
}

/** Neighbour lists by index: the spanning tree (Prim's) plus close pairs. */
export function neighbourGraph(nodes: { x: number; y: number }[]): Set<number>[] {
	const n = nodes.length;
	const graph = nodes.map(() => new Set<number>());
	const link = (a: number, b: number) => (graph[a].add(b), graph[b].add(a));
	const d = (a: number, b: number) => Math.hypot(nodes[a].x - nodes[b].x, nodes[a].y - nodes[b].y);
	const inTree = new Array<boolean>(n).fill(false);
	const best = new Array<number>(n).fill(Infinity);
	const from = new Array<number>(n).fill(-1);
	const treeEdges: number[] = [];
	if (n) best[0] = 0;
	for (let step = 0; step < n; step++) {
		let next = -1;
		for (let i = 0; i < n; i++) if (!inTree[i] && (next < 0 || best[i] < best[next])) next = i;
		inTree[next] = true;
		if (from[next] >= 0) (link(next, from[next]), treeEdges.push(best[next]));
		for (let i = 0; i < n; i++) {
			if (!inTree[i] && d(next, i) < best[i]) (best[i] = d(next, i), (from[i] = next));
		}
	}
	const sorted = treeEdges.sort((a, b) => a - b);
	const reach = 1.5 * (sorted[Math.floor(sorted.length / 2)] ?? 0);
	for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) if (d(a, b) <= reach) link(a, b);
	return graph;
}

/** The sweep: by compound, then rows north to south, snaking. Returns node indices. */
function sweepOrder(nodes: Node[]): number[] {
	const byNorth = nodes.map((_, i) => i).sort((a, b) => nodes[b].y - nodes[a].y || (nodes[a].id < nodes[b].id ? -1 : 1));
	const compoundRank = new Map<string, number>();
	for (const i of byNorth) {
		const key = nodes[i].compoundId ?? '';
		if (!compoundRank.has(key)) compoundRank.set(key, compoundRank.size);
	}
	const order: number[] = [];
	for (const key of compoundRank.keys()) {
		const members = byNorth.filter((i) => (nodes[i].compoundId ?? '') === key);
		const rows: number[][] = [];
		for (const i of members) {
			const row = rows.at(-1);
			if (row && nodes[row[0]].y - nodes[i].y <= rowBreakMetres) row.push(i);
			else rows.push([i]);
		}
		rows.forEach((row, r) => {
			row.sort((a, b) => nodes[a].x - nodes[b].x || (nodes[a].id < nodes[b].id ? -1 : 1));
			order.push(...(r % 2 ? row.reverse() : row));
		});
	}
	return order;
}

function isConnected(members: number[], graph: Set<number>[]): boolean {
	if (members.length <= 1) return true;
	const inside = new Set(members);
	const seen = new Set([members[0]]);
	const stack = [members[0]];
	while (stack.length) {
		for (const next of graph[stack.pop()!]) {
			if (inside.has(next) && !seen.has(next)) (seen.add(next), stack.push(next));
		}
	}
	return seen.size === members.length;
}

/** How far a group is from what was asked: 0 at the middle of the target. */
function groupCost(members: number[], nodes: Node[], graph: Set<number>[], target: Target): number {
	const households = members.reduce((sum, i) => sum + nodes[i].households, 0);
	const oversize = members.filter((i) => nodes[i].households > target.max).length;
	if (oversize) return members.length === 1 ? 0 : mixedOversizePenalty * oversize;
	const outside = households < target.min ? target.min - households : Math.max(0, households - target.max);
	const compounds = new Set(members.map((i) => nodes[i].compoundId)).size;
	return (
		outside * outsideWeight +
		Math.abs(households - (target.min + target.max) / 2) +
		(compounds - 1) * compoundPenalty +
		(isConnected(members, graph) ? 0 : disconnectedPenalty)
	);
}

/** The cheapest cut of the sweep into runs; a run holds at most 3 × max households and 120 buildings (or one building). */
function cutSweep(order: number[], nodes: Node[], graph: Set<number>[], target: Target): number[][] {
	const n = order.length;
	const cost = new Array<number>(n + 1).fill(Infinity);
	const start = new Array<number>(n + 1).fill(0);
	cost[0] = 0;
	for (let end = 1; end <= n; end++) {
		let households = 0;
		for (let begin = end - 1; begin >= 0; begin--) {
			households += nodes[order[begin]].households;
			if (begin < end - 1 && (households > 3 * target.max || end - begin > maxRunBuildings)) break;
			const total = cost[begin] + groupCost(order.slice(begin, end), nodes, graph, target);
			if (total < cost[end]) (cost[end] = total, (start[end] = begin));
		}
	}
	const runs: number[][] = [];
	for (let end = n; end > 0; end = start[end]) runs.unshift(order.slice(start[end], end));
	return runs;
}

const outsideTarget = (members: number[], nodes: Node[], target: Target) => {
	const households = members.reduce((sum, i) => sum + nodes[i].households, 0);
	const single = members.length === 1 && households > target.max;
	return !single && (households < target.min || households > target.max);
};

type Move = { building: number; from: number; to: number; gain: number };

/**
 * Moves single buildings between neighbouring groups, into or out of a group outside the
 * target, while that lowers the total cost. A group never gives up its last building.
 */
function repair(groups: number[][], nodes: Node[], graph: Set<number>[], target: Target): void {
	const costOf = (g: number[]) => groupCost(g, nodes, graph, target);
	const groupOf = new Map<number, number>();
	groups.forEach((g, index) => g.forEach((b) => groupOf.set(b, index)));
	const consider = (best: Move | null, building: number, to: number): Move | null => {
		const from = groupOf.get(building)!;
		if (from === to || groups[from].length < 2) return best;
		const rest = groups[from].filter((b) => b !== building);
		const grown = [...groups[to], building];
		const gain = costOf(groups[from]) + costOf(groups[to]) - costOf(rest) - costOf(grown);
		return gain > (best?.gain ?? 0) + 1e-9 ? { building, from, to, gain } : best;
	};
	for (let round = 0; round < 2 * groups.length; round++) {
		let best: Move | null = null;
		groups.forEach((group, index) => {
			if (!outsideTarget(group, nodes, target)) return;
			for (const building of group) {
				for (const neighbour of [...graph[building]].sort((a, b) => a - b)) {
					best = consider(best, building, groupOf.get(neighbour)!);
					best = consider(best, neighbour, index);
				}
			}
		});
		if (!best) return;
		const { building, from, to } = best as Move;
		groups[from] = groups[from].filter((b) => b !== building);
		groups[to] = [...groups[to], building];
		groupOf.set(building, to);
	}
}

/** The suggestion for a grid's buildings: every building in exactly one group, deterministic. */
export function suggestGroups(buildings: SuggestionBuilding[], target: Target): SuggestedGroup[] {
	const nodes = projected([...buildings].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)));
	if (!nodes.length) return [];
	const graph = neighbourGraph(nodes);
	const order = sweepOrder(nodes);
	const groups = cutSweep(order, nodes, graph, target);
	repair(groups, nodes, graph, target);
	const position = new Map(order.map((node, i) => [node, i]));
	return groups
		.map((g) => [...g].sort((a, b) => position.get(a)! - position.get(b)!))
		.sort((a, b) => position.get(a[0])! - position.get(b[0])!)
		.map((g) => ({
			buildingIds: g.map((i) => nodes[i].id),
			households: g.reduce((sum, i) => sum + nodes[i].households, 0),
			oversize: g.length === 1 && nodes[g[0]].households > target.max
		}));
}

/** Whether a group's buildings are connected among the grid's neighbours (for tests and the panel). */
export function groupsConnected(buildings: SuggestionBuilding[], groups: { buildingIds: string[] }[]): boolean[] {
	const nodes = projected(buildings);
	const graph = neighbourGraph(nodes);
	const index = new Map(nodes.map((node, i) => [node.id, i]));
	return groups.map((g) => isConnected(g.buildingIds.map((id) => index.get(id)!), graph));
}
