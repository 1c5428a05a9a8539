/**
 * Due times as the people who dispatch tasks mean them: "tonight 22:00" is 22:00 on the wall
 * clock where they live, not on the server's (which may run on UTC). Every function takes the
 * zone explicitly; pages pass `localZone` (the browser's), tests pass a named zone and fixed
 * instants.
 */

/** A time zone as far as due times need one: its offset from UTC, in minutes east, at an instant. */
export type Zone = { offsetAt(epoch: number): number };

/** The zone of the runtime: in the browser, the user's own. */
export const localZone: Zone = { offsetAt: (epoch) => -new Date(epoch).getTimezoneOffset() };

/** An IANA zone such as `Asia/Shanghai`, through the platform's Intl data. */
export function namedZone(timeZone: string): Zone {
	const format = new Intl.DateTimeFormat('en-US', {
		timeZone,
		hourCycle: 'h23',
		year: 'numeric',
		month: 'numeric',
		day: 'numeric',
		hour: 'numeric',
		minute: 'numeric',
		second: 'numeric'
	});
	return {
		offsetAt(epoch) {
			const parts = Object.fromEntries(format.formatToParts(epoch).map((part) => [part.type, Number(part.value)]));
			const asUtc = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
			return Math.round((asUtc - Math.floor(epoch / 1000) * 1000) / 60_000);
		}
	};
}

/** A reading of the wall clock; `month` counts from 1. */
export type WallTime = { year: number; month: number; day: number; hour: number; minute: number };

const minute = 60_000;

export function wallTime(epoch: number, zone: Zone): WallTime {
	const shifted = new Date(epoch + zone.offsetAt(epoch) * minute);
	return {
		year: shifted.getUTCFullYear(),
		month: shifted.getUTCMonth() + 1,
		day: shifted.getUTCDate(),
		hour: shifted.getUTCHours(),
		minute: shifted.getUTCMinutes()
	};
}

/**
 * The instant the wall clock shows `wall`. Out-of-range fields roll over (day 32 is the 1st of
 * the next month). Across a daylight-saving change the offset of the result itself is used.
 */
export function epochOf(wall: WallTime, zone: Zone): number {
	const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute);
	const first = asUtc - zone.offsetAt(asUtc) * minute;
	return asUtc - zone.offsetAt(first) * minute;
}

/** The same wall time `days` days later (a calendar day, not 24 hours). */
export function addDays(wall: WallTime, days: number): WallTime {
	const date = new Date(Date.UTC(wall.year, wall.month - 1, wall.day + days));
	return { ...wall, year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

export const tonightHour = 22;
export const noonHour = 12;

export type DuePick = 'tonight' | 'tomorrow-noon' | 'date';

/** 22:00 today; once that has come, 22:00 tomorrow (and `tomorrow` says so, for the label). */
export function tonightDue(now: number, zone: Zone): { at: number; tomorrow: boolean } {
	const today = { ...wallTime(now, zone), hour: tonightHour, minute: 0 };
	const at = epochOf(today, zone);
	return now < at ? { at, tomorrow: false } : { at: epochOf(addDays(today, 1), zone), tomorrow: true };
}

export function tomorrowNoonDue(now: number, zone: Zone): number {
	return epochOf(addDays({ ...wallTime(now, zone), hour: noonHour, minute: 0 }, 1), zone);
}

const pad = (value: number) => String(value).padStart(2, '0');

/** The value of an `<input type="datetime-local">` showing this instant. */
export function toDateTimeInput(epoch: number, zone: Zone): string {
	const wall = wallTime(epoch, zone);
	return `${wall.year}-${pad(wall.month)}-${pad(wall.day)}T${pad(wall.hour)}:${pad(wall.minute)}`;
}

/** The instant an `<input type="datetime-local">` value stands for; null when it is empty or malformed. */
export function fromDateTimeInput(value: string, zone: Zone): number | null {
	const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?$/.exec(value.trim());
	if (!match) return null;
	const [year, month, day, hour, min] = match.slice(1).map(Number);
	if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || min > 59) return null;
	const wall = { year, month, day, hour, minute: min };
	const at = epochOf(wall, zone);
	// 31 February rolls over into March: not a date anyone typed.
	return wallTime(at, zone).day === day ? at : null;
}

/** The due time a pick stands for at `now`; a date pick takes the input's value. */
export function dueOf(pick: DuePick, now: number, zone: Zone, dateInput = ''): number | null {
	if (pick === 'tonight') return tonightDue(now, zone).at;
	if (pick === 'tomorrow-noon') return tomorrowNoonDue(now, zone);
	return fromDateTimeInput(dateInput, zone);
}

export type DayRelation = 'today' | 'tomorrow' | 'yesterday' | 'other';

/** Which day `epoch` falls on, seen from `now` on the same wall clock: for labels like 今晚 22:00. */
export function dayRelation(epoch: number, now: number, zone: Zone): DayRelation {
	const day = (at: number) => {
		const wall = wallTime(at, zone);
		return Date.UTC(wall.year, wall.month - 1, wall.day) / 86_400_000;
	};
	const difference = day(epoch) - day(now);
	return difference === 0 ? 'today' : difference === 1 ? 'tomorrow' : difference === -1 ? 'yesterday' : 'other';
}
