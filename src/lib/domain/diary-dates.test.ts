import { describe, expect, it } from 'vitest';
import { namedZone } from './due-times';
import {
	addDiaryDays,
	addMonths,
	dayOf,
	dayPeriod,
	daysBetween,
	isCalendarDate,
	isDiaryDate,
	isDiaryMonth,
	mondayOf,
	monthDates,
	monthPeriod,
	monthStartOf,
	weekdayOf,
	weekStartOf
} from './diary-dates';

/** Beijing time written as UTC+8 instants, independent of the zone the tests run in. */
const beijing = (iso: string) => Date.parse(`${iso}+08:00`);

describe('diary dates', () => {
	it('accept real calendar dates from 2020 on only', () => {
		for (const good of ['2026-03-05', '2024-02-29', '2020-01-01']) expect(isDiaryDate(good), good).toBe(true);
		for (const bad of ['2026-02-29', '2026-13-01', '2026-3-5', '2019-12-31', '2026-03-05T00:00', '', '20260305', '2026-04-31']) expect(isDiaryDate(bad), bad).toBe(false);
		expect(isDiaryMonth('2026-03')).toBe(true);
		for (const bad of ['2026-13', '2026-00', '2019-12', '2026-3', '2026-03-01']) expect(isDiaryMonth(bad), bad).toBe(false);
	});

	it('count days on the Beijing calendar whatever the zone the code runs in', () => {
		expect(dayOf(beijing('2026-03-05T23:59:59'))).toBe('2026-03-05');
		expect(dayOf(beijing('2026-03-06T00:00:00'))).toBe('2026-03-06');
		// 23:30 in London on the 5th is already the 6th in Beijing.
		expect(dayOf(Date.UTC(2026, 2, 5, 23, 30))).toBe('2026-03-06');
		expect(dayPeriod('2026-03-05')).toEqual({ from: beijing('2026-03-05T00:00:00'), to: beijing('2026-03-06T00:00:00') });
		// Another zone's calendar is just as well counted when asked for.
		const london = namedZone('Europe/London');
		expect(dayOf(Date.UTC(2026, 2, 5, 23, 30), london)).toBe('2026-03-05');
	});

	it('step across month and year ends', () => {
		expect(addDiaryDays('2026-02-28', 1)).toBe('2026-03-01');
		expect(addDiaryDays('2026-01-01', -1)).toBe('2025-12-31');
		expect(addMonths('2026-01', -1)).toBe('2025-12');
		expect(addMonths('2025-12', 1)).toBe('2026-01');
		expect(monthDates('2024-02')).toHaveLength(29);
		expect(monthDates('2026-04').at(-1)).toBe('2026-04-30');
		expect(monthPeriod('2026-03')).toEqual({ from: beijing('2026-03-01T00:00:00'), to: beijing('2026-04-01T00:00:00') });
		expect(weekdayOf('2026-03-05')).toBe(4);
	});

	it('know calendar dates of any year, for inputs with bounds of their own', () => {
		expect(isCalendarDate('2019-12-31')).toBe(true);
		expect(isCalendarDate('2024-02-29')).toBe(true);
		for (const bad of ['2026-02-29', '2026-3-5', '2026-03-05T00:00']) expect(isCalendarDate(bad), bad).toBe(false);
	});

	it('count calendar days between dates, weeks from Monday and months from the 1st, on the Beijing clock', () => {
		expect(daysBetween('2026-02-28', '2026-03-01')).toBe(1);
		expect(daysBetween('2025-12-31', '2026-01-01')).toBe(1);
		expect(daysBetween('2026-03-05', '2026-03-01')).toBe(-4);
		expect(mondayOf('2026-12-06')).toBe('2026-11-30');
		expect(mondayOf('2026-12-07')).toBe('2026-12-07');
		// Sunday 20:00 in London is Monday 04:00 in Beijing: a new week.
		expect(weekStartOf(Date.parse('2026-12-06T20:00:00Z'))).toBe(beijing('2026-12-07T00:00:00'));
		expect(weekStartOf(beijing('2026-12-06T23:59:00'))).toBe(beijing('2026-11-30T00:00:00'));
		expect(monthStartOf(Date.parse('2026-11-30T16:30:00Z'))).toBe(beijing('2026-12-01T00:00:00'));
	});
});
