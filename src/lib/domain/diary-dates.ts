/**
 * Days and months of the work diary (工作日志), on the Beijing calendar whatever the server's or
 * the phone's zone: a liaison's 3月5日 runs from 00:00 to 24:00 Beijing time. Dates travel as
 * `YYYY-MM-DD`, months as `YYYY-MM`.
 */
import { epochOf, wallTime, type Zone } from './due-times';
import type { Period } from './matter-figures';
import { communityZone } from './matter-deadlines';

/** `2026-03-05`. */
export type DiaryDate = string;
/** `2026-03`. */
export type DiaryMonth = string;

const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;
const monthPattern = /^(\d{4})-(\d{2})$/;

/** The earliest date the diary knows; anything before is an input error, not a day to look up. */
export const firstDiaryDate = '2020-01-01';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function parts(date: string): { year: number; month: number; day: number } | null {
	const match = datePattern.exec(date);
	if (!match) return null;
	const [year, month, day] = match.slice(1).map(Number);
	const check = new Date(Date.UTC(year, month - 1, day));
	if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null;
	return { year, month, day };
}

/** A real calendar date written `YYYY-MM-DD` (no 2月30日), of any year. */
export function isCalendarDate(value: string): boolean {
	return parts(value) !== null;
}

/** A real calendar date written `YYYY-MM-DD` (no 2月30日), from 2020 on. */
export function isDiaryDate(value: string): boolean {
	return isCalendarDate(value) && value >= firstDiaryDate;
}

/** A month written `YYYY-MM`, from 2020 on. */
export function isDiaryMonth(value: string): boolean {
	const match = monthPattern.exec(value);
	return !!match && Number(match[2]) >= 1 && Number(match[2]) <= 12 && `${value}-01` >= firstDiaryDate;
}

/** The Beijing date of an instant. */
export function dayOf(epoch: number, zone: Zone = communityZone): DiaryDate {
	const wall = wallTime(epoch, zone);
	return `${pad(wall.year, 4)}-${pad(wall.month)}-${pad(wall.day)}`;
}

/** The instants of a day, midnight to midnight. `date` must be a diary date. */
export function dayPeriod(date: DiaryDate, zone: Zone = communityZone): Period {
	const { year, month, day } = parts(date)!;
	return {
		from: epochOf({ year, month, day, hour: 0, minute: 0 }, zone),
		to: epochOf({ year, month, day: day + 1, hour: 0, minute: 0 }, zone)
	};
}

/** The date `days` calendar days later (earlier when negative). */
export function addDiaryDays(date: DiaryDate, days: number): DiaryDate {
	const { year, month, day } = parts(date)!;
	const moved = new Date(Date.UTC(year, month - 1, day + days));
	return `${pad(moved.getUTCFullYear(), 4)}-${pad(moved.getUTCMonth() + 1)}-${pad(moved.getUTCDate())}`;
}

export function monthOf(date: DiaryDate): DiaryMonth {
	return date.slice(0, 7);
}

/** Every date of a month, in order. */
export function monthDates(month: DiaryMonth): DiaryDate[] {
	const [year, monthNumber] = month.split('-').map(Number);
	const length = new Date(Date.UTC(year, monthNumber, 0)).getUTCDate();
	return Array.from({ length }, (_, i) => `${month}-${pad(i + 1)}`);
}

/** The instants of a month on the Beijing calendar. */
export function monthPeriod(month: DiaryMonth, zone: Zone = communityZone): Period {
	const dates = monthDates(month);
	return { from: dayPeriod(dates[0], zone).from, to: dayPeriod(dates[dates.length - 1], zone).to };
}

/** The month before or after. */
export function addMonths(month: DiaryMonth, months: number): DiaryMonth {
	const [year, monthNumber] = month.split('-').map(Number);
	const moved = new Date(Date.UTC(year, monthNumber - 1 + months, 1));
	return `${pad(moved.getUTCFullYear(), 4)}-${pad(moved.getUTCMonth() + 1)}`;
}

/** Day of the week, 0 for Sunday, of a diary date (the calendar's, not an instant's). */
export function weekdayOf(date: DiaryDate): number {
	const { year, month, day } = parts(date)!;
	return new Date(Date.UTC(year, month - 1, day)).getUTCDay();
}

/** Calendar days from one date to another (negative when `to` comes first). */
export function daysBetween(from: DiaryDate, to: DiaryDate): number {
	const utc = (date: DiaryDate) => {
		const { year, month, day } = parts(date)!;
		return Date.UTC(year, month - 1, day);
	};
	return Math.round((utc(to) - utc(from)) / 86_400_000);
}

/** The Monday of a date's week (weeks run Monday to Sunday, as the weekly digest's do). */
export function mondayOf(date: DiaryDate): DiaryDate {
	return addDiaryDays(date, -((weekdayOf(date) + 6) % 7));
}

/** Monday 00:00 (Beijing) of the week `epoch` falls in. */
export function weekStartOf(epoch: number, zone: Zone = communityZone): number {
	return dayPeriod(mondayOf(dayOf(epoch, zone)), zone).from;
}

/** 00:00 (Beijing) of the first day of the month `epoch` falls in. */
export function monthStartOf(epoch: number, zone: Zone = communityZone): number {
	return monthPeriod(monthOf(dayOf(epoch, zone)), zone).from;
}
