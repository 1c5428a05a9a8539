/**
 * A community's coverage of a period, broken down for the oversight dashboard and the coverage
 * report: per building (`buildingCoverage`), and summed from the buildings per grid and per
 * liaison. A household lies in one building, a building in at most one micro-grid, a micro-grid
 * in one grid: sums of buildings count no household twice.
 *
 * - A grid's households: those of the buildings of its micro-grids.
 * - A liaison's households: those of the buildings of its micro-grids (inside the viewer's scope).
 * - A liaison's last activity up to `to`: the latest of its progress marks (any status, a clear
 *   too: it stood there), its acknowledgements (收到) and its matter reports, recorded before `to`.
 */
import type { BuildingCoverage } from './coverage';

export type GridCoverage = { gridId: string; households: number; visited: number };
export type LiaisonCoverage = { userId: string; households: number; visited: number; lastActivityAt: number | null };

/** `GET /api/communities/:id/coverage`. */
export type CommunityCoverage = { buildings: BuildingCoverage[]; grids: GridCoverage[]; liaisons: LiaisonCoverage[] };

/** Where the figures are summed: the viewer's buildings, grids and liaisons, in the order shown. */
export type CoveragePlaces = {
	buildings: readonly { id: string; gridId: string | null; microGridId: string | null }[];
	gridIds: readonly string[];
	liaisons: readonly { userId: string; microGridIds: readonly string[] }[];
};

/** Times of a liaison's doings: its latest mark, acknowledgement and matter report (null: none). */
export type LiaisonDoings = { markedAt: number | null; ackedAt: number | null; reportedAt: number | null };

/** The latest of several moments, null when there is none. */
export function latestOf(...moments: (number | null | undefined)[]): number | null {
	const known = moments.filter((moment): moment is number => typeof moment === 'number');
	return known.length ? Math.max(...known) : null;
}

export function lastActivityOf(doings: LiaisonDoings | undefined): number | null {
	return doings ? latestOf(doings.markedAt, doings.ackedAt, doings.reportedAt) : null;
}

function sum(buildings: readonly BuildingCoverage[]): { households: number; visited: number } {
	return buildings.reduce((total, b) => ({ households: total.households + b.households, visited: total.visited + b.visited }), { households: 0, visited: 0 });
}

/**
 * Per building, grid and liaison, from the buildings' figures (`figures`, one per building of
 * `places` or fewer: a building without one counts as no households) and each liaison's doings.
 */
export function coverageBreakdown(
	places: CoveragePlaces,
	figures: readonly BuildingCoverage[],
	doings: ReadonlyMap<string, LiaisonDoings>
): CommunityCoverage {
	const figureOf = new Map(figures.map((figure) => [figure.buildingId, figure]));
	const buildings = places.buildings.map((b) => figureOf.get(b.id) ?? { buildingId: b.id, households: 0, visited: 0, lastVisitAt: null });
	const byGrid = new Map<string, BuildingCoverage[]>();
	const byMicroGrid = new Map<string, BuildingCoverage[]>();
	const add = (map: Map<string, BuildingCoverage[]>, key: string | null, figure: BuildingCoverage) => {
		if (key) map.set(key, map.get(key) ?? []).get(key)!.push(figure);
	};
	places.buildings.forEach((place, i) => {
		add(byGrid, place.gridId, buildings[i]);
		add(byMicroGrid, place.microGridId, buildings[i]);
	});
	return {
		buildings,
		grids: places.gridIds.map((gridId) => ({ gridId, ...sum(byGrid.get(gridId) ?? []) })),
		liaisons: places.liaisons.map((liaison) => ({
			userId: liaison.userId,
			...sum([...new Set(liaison.microGridIds)].flatMap((id) => byMicroGrid.get(id) ?? [])),
			lastActivityAt: lastActivityOf(doings.get(liaison.userId))
		}))
	};
}

/**
 * The share of households reached, in percent to a tenth (sheets, charts): rounded down, so that
 * 100 means all of them (999 of 1000 is 99.9, 9 999 of 10 000 too); null of none (shown as "—").
 */
export function coverageRate(visited: number, households: number): number | null {
	// Whole numbers divided once: (57 / 100) * 100 is 56.99999999999999, 5 700 / 100 is 57.
	return households > 0 ? Math.floor((visited * 1000) / households) / 10 : null;
}

/**
 * The same share as every screen and message writes it: a whole percent rounded down, `99%` for
 * 999 of 1000 and `100%` only when all are reached; `—` of none.
 */
export function coverageText(visited: number, households: number): string {
	const rate = coverageRate(visited, households);
	return rate === null ? '—' : `${Math.floor(rate)}%`;
}
