/**
 * Coverage of a period (the weekly digest, the oversight dashboard of issue 16): of the
 * community's households, how many were reached by a door-to-door visit in the period, whatever
 * task it was for. One definition, here.
 *
 * - A household counts once, however many tasks or visits reached it.
 * - It is reached when, in some task, its latest mark recorded in the period is a progress
 *   status (visited, absent, refused, issue: `countedStatus`, as in `tallyBuilding`): somebody
 *   stood at the door. A mark later taken back (cleared) in that task does not count.
 * - Only households the community has count: a mark on a code a building does not have is
 *   counted nowhere, as in every task figure.
 */
import type { ProgressEntry } from './community-doc';
import type { Period } from './matter-figures';
import { countedStatus } from './progress';

/** One household's latest mark in one task: `status` as `progress_events` keeps it (`cleared` included). */
export type PeriodMark = { taskId: string; buildingId: string; code: string; status: string; at: number };

export type PeriodCoverage = { households: number; reached: number };

const householdKey = (buildingId: string, code: string) => `${buildingId}\u0000${code}`;

/**
 * `households`: the community's household codes by building. `marks`: the latest mark of each
 * household in each task among the marks recorded since the period began (older ones are
 * irrelevant: a household reached before the period is not reached in it).
 */
export function periodCoverage(households: ReadonlyMap<string, readonly string[]>, marks: readonly PeriodMark[], period: Period): PeriodCoverage {
	const existing = new Set<string>();
	for (const [buildingId, codes] of households) for (const code of codes) existing.add(householdKey(buildingId, code));
	const reached = new Set<string>();
	for (const mark of marks) {
		const key = householdKey(mark.buildingId, mark.code);
		if (mark.at < period.from || mark.at >= period.to || !existing.has(key)) continue;
		if (countedStatus({ s: mark.status, by: '', at: mark.at } as ProgressEntry)) reached.add(key);
	}
	return { households: existing.size, reached: reached.size };
}
