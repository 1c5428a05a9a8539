/**
 * Bounds on the values the live document may hold. A phone is not a trusted client: a time
 * of 1e300 or a string with NUL in it would be accepted by Yjs, and then break PostgreSQL,
 * the projection and every screen that formats it.
 */

/** No time in the document lies before this (the app did not exist). */
export const earliestTime = Date.UTC(2020, 0, 1);
/** How far ahead of the server's clock a phone's clock may run (a wrong time zone, a bad clock). */
export const maxClockSkewMs = 24 * 3_600_000;
/** Due times may be set ahead: weekly rounds, a check planned for next season. */
export const maxDueAheadMs = 366 * 24 * 3_600_000;

/** Control characters other than tab and newline (C0, DEL and C1). */
const controlCharacters = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;

export function isCleanText(value: string): boolean {
	return !controlCharacters.test(value);
}

/** A time something happened: an integer epoch in ms, not before 2020, not more than a day ahead of `now`. */
export function isEventTime(value: unknown, now: number): value is number {
	return Number.isSafeInteger(value) && (value as number) >= earliestTime && (value as number) <= now + maxClockSkewMs;
}

/** A due time: like an event time, but up to a year ahead. */
export function isDueTime(value: unknown, now: number): value is number {
	return Number.isSafeInteger(value) && (value as number) >= earliestTime && (value as number) <= now + maxDueAheadMs;
}

/**
 * A time read back from the document or the database, for display: the time when it is a
 * finite epoch a `Date` can hold, else null (shown as "—"). Values stored before the bounds
 * existed must never make a screen throw.
 */
export function displayableTime(value: unknown): number | null {
	if (typeof value !== 'number' || !Number.isFinite(value)) return null;
	return Number.isNaN(new Date(value).getTime()) ? null : value;
}
