/**
 * The dashboard's windows on the community's clock (Beijing time): this week (from Monday 00:00,
 * as `coverage-weeks.ts` counts weeks) and this month so far, and the twelve trend weeks.
 */
import { monthStartOf, weekStartOf } from '../diary-dates';
import type { Period } from '../matter-figures';
import { recentWeeks } from '../coverage-weeks';

export { monthStartOf };

const trendWeeks = 12;

/** The twelve weeks of the trends, oldest first, the one holding `now` last. */
export const trendPeriods = (now: number): Period[] => recentWeeks(now, trendWeeks);

/** This week and this month so far: the windows of the dashboard's tables. */
export function currentWindows(now: number): { week: Period; month: Period } {
	return { week: { from: weekStartOf(now), to: now + 1 }, month: { from: monthStartOf(now), to: now + 1 } };
}
