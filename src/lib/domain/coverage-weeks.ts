/**
 * Coverage week by week, for the dashboard's trends: weeks run Monday 00:00 to Monday 00:00 on
 * the community's clock (as the weekly digest's week does), each one a period of its own for
 * `buildingCoverage` (a household reached twice in a week counts once in it, and once in each
 * week it was reached in). The current week is the last one, counted so far.
 */
import { coverageBreakdown, type CoveragePlaces, type GridCoverage } from './coverage-breakdown';
import { addDiaryDays, dayOf, dayPeriod, weekStartOf } from './diary-dates';
import type { Period } from './matter-figures';

export { weekStartOf };

/** How many weeks one series may have: two years. */
export const maxCoverageWeeks = 104;

export type WeekCoverage = Period & { households: number; visited: number; grids: GridCoverage[] };

/** The last `count` weeks up to the one `now` falls in, oldest first; `count` is kept within 1…`maxCoverageWeeks`. */
export function recentWeeks(now: number, count: number): Period[] {
	const n = Math.min(Math.max(Math.trunc(count) || 1, 1), maxCoverageWeeks);
	const monday = dayOf(weekStartOf(now));
	const startOf = (weeksBack: number) => dayPeriod(addDiaryDays(monday, -7 * weeksBack)).from;
	return Array.from({ length: n }, (_, i) => ({ from: startOf(n - 1 - i), to: startOf(n - 2 - i) }));
}

/** Periods that follow each other without a gap, as one week series must. */
export function areConsecutive(periods: readonly Period[]): boolean {
	return periods.every((period, i) => period.from < period.to && (i === 0 || periods[i - 1].to === period.from));
}

/**
 * Each week's coverage of the places, in total and per grid: `households` per building (as the
 * structure has them now), `visited[i]` the households reached per building in `weeks[i]`.
 */
export function coverageByWeek(
	places: CoveragePlaces,
	households: ReadonlyMap<string, number>,
	weeks: readonly Period[],
	visited: readonly ReadonlyMap<string, number>[]
): WeekCoverage[] {
	return weeks.map((week, i) => {
		const figures = places.buildings.map((b) => ({ buildingId: b.id, households: households.get(b.id) ?? 0, visited: visited[i]?.get(b.id) ?? 0, lastVisitAt: null }));
		const { buildings, grids } = coverageBreakdown({ ...places, liaisons: [] }, figures, new Map());
		const total = buildings.reduce((sum, b) => ({ households: sum.households + b.households, visited: sum.visited + b.visited }), { households: 0, visited: 0 });
		return { ...week, ...total, grids };
	});
}
