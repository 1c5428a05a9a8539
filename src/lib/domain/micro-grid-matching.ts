/**
 * Which of today's micro-grids (and their liaisons) each new group continues. Both match by
 * households in common, greedily from the largest overlap; ties by group order, then id.
 */

export type CurrentMicroGrid = { id: string; liaisonIds: string[]; buildingIds: string[] };
type Overlap = { key: string; group: number; households: number };

function overlaps(
	owners: Map<string, string[]>,
	groups: { buildingIds: string[] }[],
	householdsOf: (buildingId: string) => number
): Overlap[] {
	const list: Overlap[] = [];
	for (const [key, buildingIds] of owners) {
		const held = new Set(buildingIds);
		groups.forEach((g, group) => {
			const households = g.buildingIds.filter((b) => held.has(b)).reduce((sum, b) => sum + householdsOf(b), 0);
			if (households > 0) list.push({ key, group, households });
		});
	}
	return list.sort((a, b) => b.households - a.households || a.group - b.group || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** Greedy one-to-one: each key to at most one group and each group at most one key. */
function greedy(list: Overlap[], accept: (o: Overlap) => boolean): Map<number, string> {
	const taken = new Set<string>();
	const chosen = new Map<number, string>();
	for (const o of list) {
		if (taken.has(o.key) || chosen.has(o.group) || !accept(o)) continue;
		taken.add(o.key);
		chosen.set(o.group, o.key);
	}
	return chosen;
}

/**
 * A liaison per group: a current liaison of the grid stays with the group that keeps most of
 * their households, if it keeps at least half of them ("where their buildings mostly stay").
 */
export function matchLiaisons(
	current: CurrentMicroGrid[],
	groups: { buildingIds: string[] }[],
	householdsOf: (buildingId: string) => number
): (string | null)[] {
	const buildingsOf = new Map<string, string[]>();
	for (const micro of current) {
		for (const liaisonId of micro.liaisonIds) buildingsOf.set(liaisonId, [...(buildingsOf.get(liaisonId) ?? []), ...micro.buildingIds]);
	}
	const total = (key: string) => buildingsOf.get(key)!.reduce((sum, b) => sum + householdsOf(b), 0);
	const chosen = greedy(overlaps(buildingsOf, groups, householdsOf), (o) => 2 * o.households >= total(o.key));
	return groups.map((_, i) => chosen.get(i) ?? null);
}

/** The current micro-grid each group continues (keeps its id and name), or null for a new one. */
export function matchMicroGrids(
	current: CurrentMicroGrid[],
	groups: { buildingIds: string[] }[],
	householdsOf: (buildingId: string) => number
): (string | null)[] {
	const owners = new Map(current.map((micro) => [micro.id, micro.buildingIds]));
	const chosen = greedy(overlaps(owners, groups, householdsOf), () => true);
	return groups.map((_, i) => chosen.get(i) ?? null);
}
