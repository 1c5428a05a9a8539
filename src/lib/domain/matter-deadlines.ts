/**
 * Time limits of matters: each category has a limit per destination, editable by the secretary;
 * an urgent matter has its own. The clock starts when the matter is routed and runs on through
 * a failed verification; an approved 延期 moves the due time. Overdue is red everywhere, and
 * the last day before it amber.
 */
import { addDays, epochOf, namedZone, wallTime, type Zone } from './due-times';
import type { DestinationKind } from './matters';

/**
 * Calendar hours or days, or working days (Monday to Friday on the community's wall clock;
 * public holidays and their swapped working weekends are not known here).
 */
export type TimeLimit = { amount: number; unit: 'hours' | 'days' | 'workdays' };

export type CategoryLimits = { urgent: TimeLimit } & Record<DestinationKind, TimeLimit>;

/** The defaults a new category starts with. */
export const defaultLimits: CategoryLimits = {
	urgent: { amount: 24, unit: 'hours' },
	property: { amount: 3, unit: 'days' },
	community: { amount: 7, unit: 'days' },
	street: { amount: 15, unit: 'days' }
};

/** Bounds for the secretary's settings: at least an hour, at most a year. */
export const limitBounds = { hours: { min: 1, max: 24 * 365 }, days: { min: 1, max: 365 }, workdays: { min: 1, max: 260 } } as const;

export function isTimeLimit(value: unknown): value is TimeLimit {
	if (typeof value !== 'object' || value === null) return false;
	const { amount, unit } = value as Partial<TimeLimit>;
	if (unit !== 'hours' && unit !== 'days' && unit !== 'workdays') return false;
	return Number.isInteger(amount) && amount! >= limitBounds[unit].min && amount! <= limitBounds[unit].max;
}

const isWeekend = (wall: { year: number; month: number; day: number }) => {
	const weekday = new Date(Date.UTC(wall.year, wall.month - 1, wall.day)).getUTCDay();
	return weekday === 0 || weekday === 6;
};

/** `from` plus the limit, on the community's wall clock (a day later is the same time of day). */
export function addLimit(from: number, limit: TimeLimit, zone: Zone): number {
	if (limit.unit === 'hours') return from + limit.amount * 3_600_000;
	// Wall times hold whole minutes; the seconds of `from` carry over (zones shift by whole minutes).
	const seconds = ((from % 60_000) + 60_000) % 60_000;
	let wall = wallTime(from, zone);
	if (limit.unit === 'days') return epochOf(addDays(wall, limit.amount), zone) + seconds;
	// Working days: each step lands on the next weekday; a matter routed on a weekend counts from Monday.
	for (let left = limit.amount; left > 0; ) {
		wall = addDays(wall, 1);
		if (!isWeekend(wall)) left--;
	}
	return epochOf(wall, zone) + seconds;
}

/** The due time of a matter routed at `routedAt`: the urgent limit when urgent, else the destination's. */
export function matterDueAt(routedAt: number, destination: DestinationKind, urgent: boolean, limits: CategoryLimits, zone: Zone): number {
	return addLimit(routedAt, urgent ? limits.urgent : limits[destination], zone);
}

export type DueState = 'on-time' | 'due-soon' | 'overdue';

/** How long before its due time a matter turns amber. */
const dueSoonMs = 86_400_000;

/** Amber from a day before the due time, red after it; exactly at the due time is not late. */
export function dueState(dueAt: number | null, now: number): DueState {
	if (dueAt === null || now <= dueAt - dueSoonMs) return 'on-time';
	return now > dueAt ? 'overdue' : 'due-soon';
}

/** The first moment after `now` at which `dueState` answers differently, or null when it never will. */
export function nextDueStateChange(dueAt: number | null, now: number): number | null {
	if (dueAt === null) return null;
	for (const boundary of [dueAt - dueSoonMs, dueAt]) if (now <= boundary) return boundary + 1;
	return null;
}

/** Communities keep Beijing time (China has one time zone); due times are computed on it. */
export const communityZone: Zone = namedZone('Asia/Shanghai');
