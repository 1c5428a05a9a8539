/**
 * The figures of matters over a period: the 会商 page's "last period", the 问题台账's 是否按期
 * column, and (issue 16) the dashboard. One definition, here; every screen asks these functions.
 *
 * For a period [from, to) and a moment `now` (when the figures are read):
 * - **reported**: matters reported in the period, handled on the spot included.
 * - **routed**: matters whose current routing happened in the period (a matter routed, returned
 *   and routed again counts once, at its latest routing; one returned and not yet routed again
 *   does not count).
 * - **closed**: matters closed by verification in the period that had been routed. Matters
 *   handled on the spot, rejected or merged are not closures: nobody was given a deadline.
 * - **closedOnTime**: of those, closed at or before their due time (an approved 延期 moved it).
 * - **按期办结率** (`onTimeRate`): closedOnTime / closed; null when nothing was closed.
 * - **overdue**: matters open past their due time at `now` (routed or accepted, as
 *   `matterDueState` says; whenever they were reported) plus matters closed in the period after
 *   their due time. Both parts are given too: `overdueOpen`, `closedLate`.
 * - **averageCloseMs**: mean time from report to close over the closed ones; null when none.
 * - **byDestination**: the same figures over the matters currently routed to each kind of
 *   handler (property company, community staff, street office); `total` counts every matter.
 */
import { matterDueState } from './matter-stage';
import type { MatterSummary } from './matter-view';
import { destinationKinds, type DestinationKind } from './matters';

/** The few fields of a matter the figures read (a `MatterSummary` has them all). */
export type FigureMatter = Pick<MatterSummary, 'status' | 'handledOnSpot' | 'reportedAt' | 'routedAt' | 'dueAt' | 'closedAt'> & {
	destination: { kind: DestinationKind } | null;
};

/** Epoch milliseconds, `from` included, `to` excluded. */
export type Period = { from: number; to: number };

export type MatterFigures = {
	reported: number;
	routed: number;
	closed: number;
	closedOnTime: number;
	closedLate: number;
	overdueOpen: number;
	overdue: number;
	onTimeRate: number | null;
	averageCloseMs: number | null;
};

export type PeriodFigures = Period & { now: number; total: MatterFigures; byDestination: Record<DestinationKind, MatterFigures> };

const within = (at: number | null, period: Period) => at !== null && at >= period.from && at < period.to;

/** Closed by verification after being routed: the matters the deadline figures are about. */
export function isRoutedClosure(matter: FigureMatter): boolean {
	return matter.status === 'closed' && !matter.handledOnSpot && matter.routedAt !== null && matter.closedAt !== null;
}

/**
 * 是否按期 of one matter at `now`: `on-time` when closed (after routing) by its due time, `late`
 * when closed after it or still open past it, null while it is not due yet or never had a deadline.
 */
export function punctuality(matter: FigureMatter, now: number): 'on-time' | 'late' | null {
	if (isRoutedClosure(matter)) return matter.dueAt === null || matter.closedAt! <= matter.dueAt ? 'on-time' : 'late';
	return matterDueState(matter, now) === 'overdue' ? 'late' : null;
}

function figuresOf(matters: readonly FigureMatter[], period: Period, now: number): MatterFigures {
	let reported = 0;
	let routed = 0;
	let overdueOpen = 0;
	const closedDurations: number[] = [];
	let closedOnTime = 0;
	for (const matter of matters) {
		if (within(matter.reportedAt, period)) reported++;
		if (within(matter.routedAt, period)) routed++;
		if (isRoutedClosure(matter) && within(matter.closedAt, period)) {
			closedDurations.push(matter.closedAt! - matter.reportedAt);
			if (punctuality(matter, now) === 'on-time') closedOnTime++;
		} else if (matterDueState(matter, now) === 'overdue') {
			overdueOpen++;
		}
	}
	const closed = closedDurations.length;
	const closedLate = closed - closedOnTime;
	return {
		reported,
		routed,
		closed,
		closedOnTime,
		closedLate,
		overdueOpen,
		overdue: overdueOpen + closedLate,
		onTimeRate: closed ? closedOnTime / closed : null,
		averageCloseMs: closed ? closedDurations.reduce((sum, ms) => sum + ms, 0) / closed : null
	};
}

/** The figures of the period, in total and by destination (see the definitions above). */
export function matterFigures(matters: readonly FigureMatter[], period: Period, now: number): PeriodFigures {
	const byDestination = Object.fromEntries(
		destinationKinds.map((kind) => [kind, figuresOf(matters.filter((matter) => matter.destination?.kind === kind), period, now)])
	) as Record<DestinationKind, MatterFigures>;
	return { ...period, now, total: figuresOf(matters, period, now), byDestination };
}

/** Without an earlier meeting, the 会商 page looks back this far. */
export const defaultLookbackMs = 7 * 86_400_000;

/** The 会商 page's "last period": since the previous meeting ended, or the last 7 days, up to now. */
export function periodSince(previousEndedAt: number | null, now: number): Period {
	return { from: previousEndedAt ?? now - defaultLookbackMs, to: now };
}
