/**
 * Where coverage is counted for one viewer: the community's grids, micro-grids, buildings and
 * liaisons inside the viewer's scope (`oversightGrids`). The dashboard, the coverage API, its
 * export and the trends all narrow the community's structure here, once.
 */
/** The whole community, or the buildings and liaisons of these grids (a chief's). */
export type CoverageScope = { all: boolean; gridIds: readonly string[] };

type Grid = { id: string; name: string };
type MicroGrid = { id: string; gridId: string; name: string };
type Building = { id: string; label: string; gridId: string | null; microGridId: string | null; households: number };
type Member = { id: string; username: string; displayName: string; role: string; microGridId: string | null };

/** What the places are read from: a community's structure (`loadStructure`). */
export type PlacesSource<G extends Grid, M extends MicroGrid, B extends Building> = {
	grids: readonly G[];
	microGrids: readonly M[];
	buildings: readonly B[];
	members: readonly Member[];
};

export type ScopedLiaison = { userId: string; username: string; displayName: string; microGridIds: string[] };

/** `CoveragePlaces` (`coverage-breakdown.ts`) with the structure's own rows (names, households, chiefs…) of the scope. */
export type NamedCoveragePlaces<G extends Grid = Grid, M extends MicroGrid = MicroGrid, B extends Building = Building> = {
	gridIds: string[];
	grids: G[];
	microGrids: M[];
	buildings: B[];
	liaisons: ScopedLiaison[];
};

// Labels repeat across compounds: the id keeps the order the same from one answer to the next.
const byLabel = (a: { id: string; label: string }, b: { id: string; label: string }) =>
	a.label.localeCompare(b.label, 'zh-CN', { numeric: true }) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * The scope's grids (in the structure's order), micro-grids, buildings (by label) and liaisons (by
 * username, each with its micro-grids inside the scope). A building lies in the scope when its
 * micro-grid's grid does; the whole community holds every building, placed or not.
 */
export function coveragePlacesOf<G extends Grid, M extends MicroGrid, B extends Building>(
	structure: PlacesSource<G, M, B>,
	scope: CoverageScope
): NamedCoveragePlaces<G, M, B> {
	const inside = new Set(scope.gridIds);
	const inScope = (gridId: string | null) => scope.all || (gridId !== null && inside.has(gridId));
	const grids = structure.grids.filter((grid) => inScope(grid.id));
	const microGrids = structure.microGrids.filter((micro) => inScope(micro.gridId));
	const microIds = new Set(microGrids.map((micro) => micro.id));
	const liaisons = new Map<string, ScopedLiaison>();
	for (const member of structure.members) {
		if (member.role !== 'liaison' || !member.microGridId || !microIds.has(member.microGridId)) continue;
		const liaison = liaisons.get(member.id) ?? { userId: member.id, username: member.username, displayName: member.displayName, microGridIds: [] };
		liaison.microGridIds.push(member.microGridId);
		liaisons.set(member.id, liaison);
	}
	return {
		gridIds: grids.map((grid) => grid.id),
		grids,
		microGrids,
		buildings: structure.buildings.filter((building) => inScope(building.gridId)).sort(byLabel),
		liaisons: [...liaisons.values()]
	};
}
