import { describe, expect, it } from 'vitest';
import {
	addDays,
	dayRelation,
	dueOf,
	epochOf,
	fromDateTimeInput,
	localZone,
	namedZone,
	toDateTimeInput,
	tomorrowNoonDue,
	tonightDue,
	wallTime
} from './due-times';

// The users live in Asia/Shanghai (UTC+8, no daylight saving); the server and CI may run on UTC.
const shanghai = namedZone('Asia/Shanghai');
const newYork = namedZone('America/New_York');
const utc = namedZone('UTC');
const at = (iso: string) => Date.parse(iso);

describe('zones', () => {
	it('gives the offset of a named zone, with daylight saving where it has one', () => {
		expect(shanghai.offsetAt(at('2025-01-15T00:00:00Z'))).toBe(480);
		expect(shanghai.offsetAt(at('2025-07-15T00:00:00Z'))).toBe(480);
		expect(newYork.offsetAt(at('2025-01-15T12:00:00Z'))).toBe(-300);
		expect(newYork.offsetAt(at('2025-07-15T12:00:00Z'))).toBe(-240);
		expect(utc.offsetAt(at('2025-07-15T12:34:56.789Z'))).toBe(0);
	});

	it('local zone agrees with Date', () => {
		const now = at('2025-03-10T12:00:00Z');
		expect(localZone.offsetAt(now)).toBe(-new Date(now).getTimezoneOffset());
	});

	it('reads and sets the wall clock of the zone', () => {
		const instant = at('2025-03-10T15:30:00Z');
		expect(wallTime(instant, shanghai)).toEqual({ year: 2025, month: 3, day: 10, hour: 23, minute: 30 });
		expect(wallTime(instant, utc)).toEqual({ year: 2025, month: 3, day: 10, hour: 15, minute: 30 });
		expect(epochOf({ year: 2025, month: 3, day: 10, hour: 23, minute: 30 }, shanghai)).toBe(instant);
		// New York springs forward on 9 March 2025: 12:00 that day is already EDT (UTC-4).
		expect(epochOf({ year: 2025, month: 3, day: 9, hour: 12, minute: 0 }, newYork)).toBe(at('2025-03-09T16:00:00Z'));
	});

	it('adds calendar days across month and year ends', () => {
		expect(addDays({ year: 2024, month: 2, day: 28, hour: 22, minute: 0 }, 1)).toEqual({ year: 2024, month: 2, day: 29, hour: 22, minute: 0 });
		expect(addDays({ year: 2025, month: 12, day: 31, hour: 12, minute: 0 }, 1)).toEqual({ year: 2026, month: 1, day: 1, hour: 12, minute: 0 });
	});
});

describe('quick picks in Shanghai', () => {
	it('tonight is 22:00 Shanghai time, also when the clock in UTC says another day', () => {
		// 08:30 in Shanghai on 11 March is still 10 March in UTC.
		const now = at('2025-03-11T00:30:00+08:00');
		expect(tonightDue(now, shanghai)).toEqual({ at: at('2025-03-11T22:00:00+08:00'), tomorrow: false });
		// A UTC server would have said 22:00 UTC on 10 March: 06:00 on 11 March in Shanghai, already past.
		expect(tonightDue(now, utc).at).not.toBe(at('2025-03-11T22:00:00+08:00'));
	});

	it('tonight at 21:59 is the same evening', () => {
		expect(tonightDue(at('2025-03-10T21:59:00+08:00'), shanghai)).toEqual({ at: at('2025-03-10T22:00:00+08:00'), tomorrow: false });
	});

	it('at or after 22:00, tonight is gone: it becomes tomorrow 22:00 and says so', () => {
		expect(tonightDue(at('2025-03-10T22:00:00+08:00'), shanghai)).toEqual({ at: at('2025-03-11T22:00:00+08:00'), tomorrow: true });
		expect(tonightDue(at('2025-03-10T23:45:00+08:00'), shanghai)).toEqual({ at: at('2025-03-11T22:00:00+08:00'), tomorrow: true });
		expect(tonightDue(at('2025-12-31T22:30:00+08:00'), shanghai).at).toBe(at('2026-01-01T22:00:00+08:00'));
	});

	it('tomorrow noon is 12:00 on the next day of the wall clock', () => {
		expect(tomorrowNoonDue(at('2025-03-10T00:10:00+08:00'), shanghai)).toBe(at('2025-03-11T12:00:00+08:00'));
		expect(tomorrowNoonDue(at('2025-03-10T23:59:00+08:00'), shanghai)).toBe(at('2025-03-11T12:00:00+08:00'));
		expect(tomorrowNoonDue(at('2025-02-28T09:00:00+08:00'), shanghai)).toBe(at('2025-03-01T12:00:00+08:00'));
	});

	it('dueOf follows the pick, and a date pick its input', () => {
		const now = at('2025-03-10T19:00:00+08:00');
		expect(dueOf('tonight', now, shanghai)).toBe(at('2025-03-10T22:00:00+08:00'));
		expect(dueOf('tomorrow-noon', now, shanghai)).toBe(at('2025-03-11T12:00:00+08:00'));
		expect(dueOf('date', now, shanghai, '2025-03-15T18:30')).toBe(at('2025-03-15T18:30:00+08:00'));
		expect(dueOf('date', now, shanghai, '')).toBeNull();
	});
});

describe('date and time input', () => {
	it('round-trips through the wall clock of the zone', () => {
		const instant = at('2025-03-10T14:00:00Z');
		expect(toDateTimeInput(instant, shanghai)).toBe('2025-03-10T22:00');
		expect(toDateTimeInput(instant, utc)).toBe('2025-03-10T14:00');
		expect(fromDateTimeInput('2025-03-10T22:00', shanghai)).toBe(instant);
		expect(fromDateTimeInput('2025-03-10T22:00:00', shanghai)).toBe(instant);
	});

	it('refuses what is not a date', () => {
		for (const value of ['', 'soon', '2025-13-01T10:00', '2025-02-30T10:00', '2025-03-10T24:00', '2025-03-10'])
			expect(fromDateTimeInput(value, shanghai), value).toBeNull();
	});
});

describe('day relation', () => {
	const now = at('2025-03-10T08:00:00+08:00');
	it('names the day on the wall clock, not in UTC', () => {
		expect(dayRelation(at('2025-03-10T22:00:00+08:00'), now, shanghai)).toBe('today');
		// 07:00 Shanghai on 11 March is still 10 March in UTC.
		expect(dayRelation(at('2025-03-11T07:00:00+08:00'), now, shanghai)).toBe('tomorrow');
		expect(dayRelation(at('2025-03-11T07:00:00+08:00'), now, utc)).toBe('today');
		expect(dayRelation(at('2025-03-09T23:00:00+08:00'), now, shanghai)).toBe('yesterday');
		expect(dayRelation(at('2025-03-20T12:00:00+08:00'), now, shanghai)).toBe('other');
	});
});
