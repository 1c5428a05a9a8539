import { describe, expect, it } from 'vitest';
import { namedZone } from './due-times';
import { clockText, defaultQuietHours, minutesOfClock, quietUntil, type QuietHours } from './quiet-hours';

/** Beijing time written as UTC+8 instants, independent of the zone the tests run in. */
const beijing = (iso: string) => Date.parse(`${iso}+08:00`);
const night = defaultQuietHours;

describe('quiet hours that wrap midnight (22:30–07:00, the default)', () => {
	it('are not quiet at 22:29:59, quiet from 22:30:00 until 07:00 the next day', () => {
		expect(quietUntil(night, beijing('2026-12-04T22:29:59'))).toBeNull();
		expect(quietUntil(night, beijing('2026-12-04T22:30:00'))).toBe(beijing('2026-12-05T07:00:00'));
		expect(quietUntil(night, beijing('2026-12-04T23:59:59'))).toBe(beijing('2026-12-05T07:00:00'));
	});

	it('after midnight end the same morning: 00:00, 06:59:59, and 07:00:00 is no longer quiet', () => {
		expect(quietUntil(night, beijing('2026-12-05T00:00:00'))).toBe(beijing('2026-12-05T07:00:00'));
		expect(quietUntil(night, beijing('2026-12-05T06:59:59'))).toBe(beijing('2026-12-05T07:00:00'));
		expect(quietUntil(night, beijing('2026-12-05T07:00:00'))).toBeNull();
		expect(quietUntil(night, beijing('2026-12-05T12:00:00'))).toBeNull();
	});

	it('cross the end of a month and of a year on the Beijing calendar', () => {
		expect(quietUntil(night, beijing('2026-11-30T23:00:00'))).toBe(beijing('2026-12-01T07:00:00'));
		expect(quietUntil(night, beijing('2026-12-31T22:45:00'))).toBe(beijing('2027-01-01T07:00:00'));
	});

	it('follow the Beijing wall clock, not UTC: 15:00 UTC is 23:00 in Beijing', () => {
		expect(quietUntil(night, Date.parse('2026-12-04T15:00:00Z'))).toBe(Date.parse('2026-12-04T23:00:00Z'));
		// 23:00 UTC is 07:00 in Beijing: no longer quiet, though it is night in London.
		expect(quietUntil(night, Date.parse('2026-12-04T23:00:00Z'))).toBeNull();
	});

	it('China keeps no daylight saving: the same window in March and in October', () => {
		expect(quietUntil(night, beijing('2026-03-29T02:30:00'))).toBe(beijing('2026-03-29T07:00:00'));
		expect(quietUntil(night, beijing('2026-10-25T02:30:00'))).toBe(beijing('2026-10-25T07:00:00'));
	});
});

describe('quiet hours within one day', () => {
	const noon: QuietHours = { enabled: true, start: 12 * 60, end: 14 * 60 };

	it('hold from start up to, not including, end', () => {
		expect(quietUntil(noon, beijing('2026-12-04T11:59:59'))).toBeNull();
		expect(quietUntil(noon, beijing('2026-12-04T12:00:00'))).toBe(beijing('2026-12-04T14:00:00'));
		expect(quietUntil(noon, beijing('2026-12-04T13:59:00'))).toBe(beijing('2026-12-04T14:00:00'));
		expect(quietUntil(noon, beijing('2026-12-04T14:00:00'))).toBeNull();
	});

	it('may start at midnight: 00:00–06:00', () => {
		const early: QuietHours = { enabled: true, start: 0, end: 6 * 60 };
		expect(quietUntil(early, beijing('2026-12-04T00:00:00'))).toBe(beijing('2026-12-04T06:00:00'));
		expect(quietUntil(early, beijing('2026-12-03T23:59:59'))).toBeNull();
	});

	it('may end at 23:59 and wrap from there to 00:01', () => {
		const late: QuietHours = { enabled: true, start: 23 * 60 + 59, end: 1 };
		expect(quietUntil(late, beijing('2026-12-04T23:59:30'))).toBe(beijing('2026-12-05T00:01:00'));
		expect(quietUntil(late, beijing('2026-12-05T00:00:30'))).toBe(beijing('2026-12-05T00:01:00'));
		expect(quietUntil(late, beijing('2026-12-05T00:01:00'))).toBeNull();
	});
});

describe('never quiet', () => {
	it('when turned off', () => {
		expect(quietUntil({ ...night, enabled: false }, beijing('2026-12-04T23:00:00'))).toBeNull();
	});

	it('when start equals end', () => {
		const none: QuietHours = { enabled: true, start: 8 * 60, end: 8 * 60 };
		for (const time of ['07:59:59', '08:00:00', '20:00:00']) expect(quietUntil(none, beijing(`2026-12-04T${time}`))).toBeNull();
	});
});

it('takes another zone when asked (the window is on that wall clock)', () => {
	const berlin = namedZone('Europe/Berlin');
	expect(quietUntil(night, Date.parse('2026-12-04T22:00:00Z'), berlin)).toBe(Date.parse('2026-12-05T06:00:00Z'));
});

describe('clock text', () => {
	it('formats and reads times of day', () => {
		expect(clockText(22 * 60 + 30)).toBe('22:30');
		expect(clockText(7 * 60)).toBe('07:00');
		expect(minutesOfClock('07:00')).toBe(420);
		expect(minutesOfClock('7:05')).toBe(425);
		for (const bad of ['24:00', '12:60', '', 'noon', '1:2']) expect(minutesOfClock(bad)).toBeNull();
	});
});
