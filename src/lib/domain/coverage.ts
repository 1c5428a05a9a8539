/**
 * Coverage of a period (the weekly digest, the oversight dashboard, the coverage report): of the
 * community's households, how many were reached by a door-to-door visit in the period, whatever
 * task it was for; and when each building was last visited. One definition, here; the server
 * counts the same in SQL (`src/lib/server/oversight/coverage-queries.ts`) and a test holds the
 * two equal over the same `progress_events` rows.
 *
 * - A mark is one row of `progress_events`: a household's status in one task, or `cleared` when
 *   the mark was taken back. Later means a higher row id: the order the marks were applied in.
 * - A household is reached in a period when, in some task, its latest mark recorded in the
 *   period is a progress status (visited, absent, refused, issue: `countedStatus`, as in
 *   `tallyBuilding`): somebody stood at the door. A mark later taken back (cleared) in that task
 *   does not count. A household counts once, however many tasks or visits reached it.
 * - Equivalently: some mark with a progress status, recorded in the period, stands, i.e. no later
 *   mark of the same task and household recorded in the period is anything else. The server
 *   counts it in that form.
 * - A building's last visit up to `to`: the latest recorded time of a mark with a progress status,
 *   any task, recorded before `to`, that stands at `to` (not taken back by a later mark recorded
 *   before `to`).
 * - Only households the community has count: a mark on a code a building does not have is
 *   counted nowhere, as in every task figure.
 */
import type { ProgressEntry } from './community-doc';
import type { Period } from './matter-figures';
import { countedStatus } from './progress';

/** One row of `progress_events` as coverage reads it: `status` as stored (`cleared` included), `at` its recorded time. */
export type CoverageMark = { id: number; taskId: string; buildingId: string; code: string; status: string; at: number };

export type PeriodCoverage = { households: number; reached: number };

/** One building's figures: households it has, how many were reached in the period, its last visit up to the period's end. */
export type BuildingCoverage = { buildingId: string; households: number; visited: number; lastVisitAt: number | null };

const householdKey = (buildingId: string, code: string) => `${buildingId}\u0000${code}`;
const taskHouseholdKey = (mark: CoverageMark) => `${mark.taskId}\u0000${mark.buildingId}\u0000${mark.code}`;

/** Is this stored status a visit (somebody stood at the door)? */
export function isVisitStatus(status: string): boolean {
	return countedStatus({ s: status, by: '', at: 0 } as ProgressEntry) !== null;
}

/**
 * The marks with a progress status that stand among `marks`: no later mark (higher id) of the
 * same task and household among them is anything else.
 */
function standingVisits<M extends CoverageMark>(marks: readonly M[]): M[] {
	const lastOther = new Map<string, number>();
	for (const mark of marks) {
		if (isVisitStatus(mark.status)) continue;
		const key = taskHouseholdKey(mark);
		lastOther.set(key, Math.max(lastOther.get(key) ?? -Infinity, mark.id));
	}
	return marks.filter((mark) => isVisitStatus(mark.status) && !((lastOther.get(taskHouseholdKey(mark)) ?? -Infinity) > mark.id));
}

function existingHouseholds(households: ReadonlyMap<string, readonly string[]>): Set<string> {
	const existing = new Set<string>();
	for (const [buildingId, codes] of households) for (const code of codes) existing.add(householdKey(buildingId, code));
	return existing;
}

/**
 * The marks that reach a household in `period`: recorded in it, a progress status that stands
 * (not taken back by a later mark of its task recorded in the period), on a household the
 * community has. Each is kept, so a caller may ask who made it (the work diary, `diary.ts`).
 */
export function reachingMarks<M extends CoverageMark>(households: ReadonlyMap<string, readonly string[]>, marks: readonly M[], period: Period): M[] {
	const existing = existingHouseholds(households);
	const inPeriod = marks.filter((mark) => mark.at >= period.from && mark.at < period.to);
	return standingVisits(inPeriod).filter((mark) => existing.has(householdKey(mark.buildingId, mark.code)));
}

/**
 * Per building of `households` (its codes by building, in the order wanted): households, how
 * many were reached in `period`, and the last visit before `period.to`. `marks`: every stored
 * mark of the community (or at least every one recorded before `period.to`).
 */
export function buildingCoverage(households: ReadonlyMap<string, readonly string[]>, marks: readonly CoverageMark[], period: Period): BuildingCoverage[] {
	const existing = existingHouseholds(households);
	const exists = (mark: CoverageMark) => existing.has(householdKey(mark.buildingId, mark.code));
	const untilEnd = marks.filter((mark) => mark.at < period.to);
	const inPeriod = untilEnd.filter((mark) => mark.at >= period.from);

	const reached = new Map<string, Set<string>>();
	for (const mark of standingVisits(inPeriod).filter(exists)) {
		const codes = reached.get(mark.buildingId) ?? new Set<string>();
		codes.add(mark.code);
		reached.set(mark.buildingId, codes);
	}
	const lastVisit = new Map<string, number>();
	for (const mark of standingVisits(untilEnd).filter(exists)) lastVisit.set(mark.buildingId, Math.max(lastVisit.get(mark.buildingId) ?? -Infinity, mark.at));

	return [...households].map(([buildingId, codes]) => ({
		buildingId,
		households: codes.length,
		visited: reached.get(buildingId)?.size ?? 0,
		lastVisitAt: lastVisit.get(buildingId) ?? null
	}));
}

/** The community's households and how many of them were reached in `period`: `buildingCoverage` summed. */
export function periodCoverage(households: ReadonlyMap<string, readonly string[]>, marks: readonly CoverageMark[], period: Period): PeriodCoverage {
	return buildingCoverage(households, marks, period).reduce(
		(sum, building) => ({ households: sum.households + building.households, reached: sum.reached + building.visited }),
		{ households: 0, reached: 0 }
	);
}
