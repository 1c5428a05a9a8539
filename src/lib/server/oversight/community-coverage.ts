/**
 * Coverage of a community for one viewer: per building, grid and liaison for a period, and week
 * by week for the trends. The rule is the domain's (`coverage.ts`, `coverage-breakdown.ts`,
 * `coverage-weeks.ts`), the places of the viewer's scope too (`coverage-places.ts`); the counting
 * is in SQL (`coverage-queries.ts`). Callers check the viewer first (`oversightActor`) and pass its
 * scope.
 */
import type { PeriodCoverage } from '../../domain/coverage';
import { coverageBreakdown, type CommunityCoverage } from '../../domain/coverage-breakdown';
import { coveragePlacesOf, type CoverageScope, type NamedCoveragePlaces } from '../../domain/coverage-places';
import { areConsecutive, coverageByWeek as weeklyFigures, maxCoverageWeeks, type WeekCoverage } from '../../domain/coverage-weeks';
import type { Period } from '../../domain/matter-figures';
import { eq } from 'drizzle-orm';
import { householdCounts, loadStructure } from '../community';
import { db } from '../db';
import { buildings } from '../db/schema';
import { lastVisitByBuilding, liaisonDoings, visitedByBuilding, visitedByBuildingPerWeek } from './coverage-queries';

export type { CoverageScope };

/** The figures and the places they are about (names for reports). */
export type CoverageReport = { period: Period; places: NamedCoveragePlaces; coverage: CommunityCoverage };

/** The places of `scope` in the community as it is now. */
async function coveragePlaces(communityId: string, scope: CoverageScope): Promise<NamedCoveragePlaces> {
	return coveragePlacesOf(await loadStructure(communityId), scope);
}

type Doings = { lastVisit: Map<string, number>; doings: Awaited<ReturnType<typeof liaisonDoings>> };

/** Each building's last visit and each liaison's latest doings before `to`. */
async function doingsBefore(communityId: string, places: NamedCoveragePlaces, to: number): Promise<Doings> {
	const [lastVisit, doings] = await Promise.all([
		lastVisitByBuilding(communityId, places.buildings.map((b) => b.id), to),
		liaisonDoings(communityId, places.liaisons.map((l) => l.userId), to)
	]);
	return { lastVisit, doings };
}

function breakdown(places: NamedCoveragePlaces, visited: ReadonlyMap<string, number>, { lastVisit, doings }: Doings): CommunityCoverage {
	const figures = places.buildings.map((b) => ({ buildingId: b.id, households: b.households, visited: visited.get(b.id) ?? 0, lastVisitAt: lastVisit.get(b.id) ?? null }));
	return coverageBreakdown(places, figures, doings);
}

function weekly(places: NamedCoveragePlaces, weeks: readonly Period[], visited: readonly ReadonlyMap<string, number>[]): WeekCoverage[] {
	return weeklyFigures(places, new Map(places.buildings.map((b) => [b.id, b.households])), weeks, visited);
}

function checkWeeks(weeks: readonly Period[]) {
	if (weeks.length > maxCoverageWeeks || !areConsecutive(weeks)) throw new Error(`coverage weeks must be at most ${maxCoverageWeeks} consecutive periods`);
}

export async function coverageReport(communityId: string, period: Period, scope: CoverageScope): Promise<CoverageReport> {
	const places = await coveragePlaces(communityId, scope);
	const [visited, doings] = await Promise.all([visitedByBuilding(communityId, places.buildings.map((b) => b.id), period), doingsBefore(communityId, places, period.to)]);
	return { period, places, coverage: breakdown(places, visited, doings) };
}

/** `GET /api/communities/:id/coverage`: per building, grid and liaison of the scope, for `period`. */
export async function communityCoverage(communityId: string, period: Period, scope: CoverageScope): Promise<CommunityCoverage> {
	return (await coverageReport(communityId, period, scope)).coverage;
}

/** Coverage per week (consecutive periods, e.g. `recentWeeks(now, 12)`), in total and per grid of the scope. */
export async function communityCoverageByWeek(communityId: string, weeks: readonly Period[], scope: CoverageScope): Promise<WeekCoverage[]> {
	checkWeeks(weeks);
	const places = await coveragePlaces(communityId, scope);
	return weekly(places, weeks, await visitedByBuildingPerWeek(communityId, places.buildings.map((b) => b.id), weeks));
}

/**
 * The dashboard's coverage of `places`: this week's and this month's (which end together, so the
 * last visits and liaisons' doings are read once) and, when `weeks` holds any, week by week.
 */
export async function dashboardCoverage(
	communityId: string,
	places: NamedCoveragePlaces,
	windows: { week: Period; month: Period; weeks: readonly Period[] }
): Promise<{ week: CommunityCoverage; month: CommunityCoverage; weekly: WeekCoverage[] }> {
	const { week, month, weeks } = windows;
	if (week.to !== month.to) throw new Error('the week and the month must end together');
	checkWeeks(weeks);
	const buildingIds = places.buildings.map((b) => b.id);
	const [weekVisited, monthVisited, perWeek, doings] = await Promise.all([
		visitedByBuilding(communityId, buildingIds, week),
		visitedByBuilding(communityId, buildingIds, month),
		visitedByBuildingPerWeek(communityId, buildingIds, weeks),
		doingsBefore(communityId, places, month.to)
	]);
	return { week: breakdown(places, weekVisited, doings), month: breakdown(places, monthVisited, doings), weekly: weekly(places, weeks, perWeek) };
}

/** `periodCoverage` of the whole community (`coverage.ts`), counted in the database: the weekly digest. */
export async function wholeCommunityCoverage(communityId: string, period: Period): Promise<PeriodCoverage> {
	const buildingIds = (await db().select({ id: buildings.id }).from(buildings).where(eq(buildings.communityId, communityId))).map((b) => b.id);
	const [sizes, visited] = await Promise.all([householdCounts(communityId), visitedByBuilding(communityId, buildingIds, period)]);
	const total = (counts: Map<string, number>) => [...counts.values()].reduce((sum, n) => sum + n, 0);
	return { households: total(sizes), reached: total(visited) };
}
