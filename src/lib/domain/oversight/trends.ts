/**
 * Twelve weeks of trends: matters reported and closed per week (as `matterFigures` counts them)
 * and how many were overdue at each week's end. Coverage per week comes from `coverage.ts`.
 */
import { matterFigures, type FigureMatter, type Period } from '../matter-figures';
import { matterDueState } from '../matter-stage';

export type TrendMatter = FigureMatter & { resolvedAt: number | null };
export type MatterWeek = { from: number; reported: number; closed: number; overdue: number };

/**
 * Overdue at `moment`: routed with a due time before it and not finished (resolved or closed)
 * by then. At `now` this is `matterDueState`'s overdue; for a past week it is read from the
 * matter's times, so the figure does not change when the matter is finished later.
 */
export function overdueAt(matter: TrendMatter, moment: number, now: number): boolean {
	if (moment >= now) return matterDueState(matter, now) === 'overdue';
	if (matter.routedAt === null || matter.routedAt >= moment || matter.dueAt === null || matter.dueAt >= moment) return false;
	if (matter.handledOnSpot || matter.status === 'rejected' || matter.status === 'merged') return false;
	const finishedAt = matter.resolvedAt ?? matter.closedAt;
	return finishedAt === null || finishedAt > moment;
}

export function matterWeeks(matters: readonly TrendMatter[], weeks: readonly Period[], now: number): MatterWeek[] {
	return weeks.map((week) => {
		const figures = matterFigures(matters, week, now).total;
		const end = Math.min(week.to, now);
		return { from: week.from, reported: figures.reported, closed: figures.closed, overdue: matters.filter((m) => overdueAt(m, end, now)).length };
	});
}
