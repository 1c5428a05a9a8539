/**
 * Quiet hours: no pushes at night unless urgent. A person's window is read on the community's
 * wall clock (Beijing time, whatever the server's zone), and may wrap midnight (22:30–07:00).
 */
import { addDays, epochOf, wallTime, type Zone } from './due-times';
import { communityZone } from './matter-deadlines';

/** `start` and `end` are minutes after local midnight; equal ones mean never quiet. */
export type QuietHours = { enabled: boolean; start: number; end: number };

export const defaultQuietHours: QuietHours = { enabled: true, start: 22 * 60 + 30, end: 7 * 60 };

export const minutesPerDay = 24 * 60;

/** When quiet hours that hold at `now` end (epoch ms), or null when `now` is not quiet. */
export function quietUntil(quiet: QuietHours, now: number, zone: Zone = communityZone): number | null {
	if (!quiet.enabled || quiet.start === quiet.end) return null;
	const wall = wallTime(now, zone);
	const minute = wall.hour * 60 + wall.minute;
	const endToday = (days: number) => epochOf(addDays({ ...wall, hour: Math.floor(quiet.end / 60), minute: quiet.end % 60 }, days), zone);
	if (quiet.start < quiet.end) return minute >= quiet.start && minute < quiet.end ? endToday(0) : null;
	if (minute >= quiet.start) return endToday(1);
	return minute < quiet.end ? endToday(0) : null;
}

/** "22:30" for 1350. */
export function clockText(minutes: number): string {
	return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** 1350 for "22:30", null for anything that is not a time of day. */
export function minutesOfClock(text: string): number | null {
	const match = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
	if (!match) return null;
	const [hours, minutes] = [Number(match[1]), Number(match[2])];
	return hours < 24 && minutes < 60 ? hours * 60 + minutes : null;
}
