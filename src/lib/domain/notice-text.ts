/**
 * The small pieces every notice message is written with: times on the community's clock, user
 * text made safe for a group's markdown, shares and lists. Pure; the builders in
 * `src/lib/server/notify/content/` read the database and call these.
 */
import { coverageText } from './coverage-breakdown';
import { dayOf, weekStartOf } from './diary-dates';
import { addDays, epochOf, wallTime, type WallTime } from './due-times';
import { communityZone } from './matter-deadlines';

const pad = (n: number) => String(n).padStart(2, '0');

/** `12月4日 22:00` on the community's wall clock. */
export function communityTime(epoch: number): string {
	const wall = wallTime(epoch, communityZone);
	return `${wall.month}月${wall.day}日 ${pad(wall.hour)}:${pad(wall.minute)}`;
}

/** `12月4日` on the community's wall clock. */
export function communityDay(epoch: number): string {
	const wall = wallTime(epoch, communityZone);
	return `${wall.month}月${wall.day}日`;
}

/** Runs of whitespace (newlines included) become one space; cut to `max` characters with an ellipsis. */
export function plainText(text: string, max: number): string {
	const flat = text.replace(/[\u0000-\u001f\u007f\u2028\u2029\s]+/g, ' ').trim();
	const characters = [...flat];
	return characters.length > max ? `${characters.slice(0, Math.max(max - 1, 0)).join('').trimEnd()}…` : flat;
}

/**
 * Markdown and HTML characters as their full-width look-alikes, and `://` broken, so a
 * description can neither format a group message nor put a link in it (`[x](http://evil)`
 * stays visible text, `**` stays two stars). Full-width forms read naturally in Chinese text.
 */
const lookAlikes: Record<string, string> = {
	'*': '＊',
	_: '＿',
	'`': '｀',
	'[': '［',
	']': '］',
	'(': '（',
	')': '）',
	'<': '＜',
	'>': '＞',
	'#': '＃',
	'~': '～',
	'|': '｜',
	'\\': '＼',
	'!': '！',
	'@': '＠'
};

export function escapeMarkdown(text: string): string {
	return text.replace(/[*_`[\]()<>#~|\\!@]/g, (character) => lookAlikes[character]).replace(/:\/\//g, '：//');
}

/** Text someone typed (a description, a name, a note), one line, bounded and inert in markdown. */
export function userText(text: string, max = 200): string {
	return escapeMarkdown(plainText(text, max));
}

/** Text as a sentence of a longer one: a full stop added unless it ends in punctuation already. */
export function sentence(text: string): string {
	return !text || /[。！？!?.…；;]$/.test(text) ? text : `${text}。`;
}

/**
 * A phone number a platform can @-mention: digits, an optional leading +. Anything else is left
 * out, since 钉钉 writes mentions into the message text.
 */
export function mentionablePhone(phone: string): string | null {
	const trimmed = phone.replace(/[\s-]/g, '');
	return /^\+?\d{5,20}$/.test(trimmed) ? trimmed : null;
}

/** A share as a whole percentage, rounded down so that 100% means all of it; `—` of nothing. The dashboard writes it the same way. */
export const percentOf: (part: number, whole: number) => string = coverageText;

/** `12/30 户（40%）` */
export function householdShare(done: number, total: number): string {
	return `${done}/${total} 户（${percentOf(done, total)}）`;
}

/** `1号楼、2号楼` */
export function listed(items: readonly string[]): string {
	return items.join('、');
}

/** The hour of the morning report after a task's due time, community time. */
export const morningHour = 8;

/** How long after its hour a missed morning report may still go out (an instance down at 08:00). */
export const morningGraceMs = 12 * 3_600_000;

const atHour = (wall: WallTime, hour: number): WallTime => ({ ...wall, hour, minute: 0 });

/** The first 08:00 (community time) strictly after `dueAt`. */
export function morningAfter(dueAt: number): number {
	const wall = wallTime(dueAt, communityZone);
	const sameDay = epochOf(atHour(wall, morningHour), communityZone);
	return sameDay > dueAt ? sameDay : epochOf(atHour(addDays(wall, 1), morningHour), communityZone);
}

/** Whether the morning report of a task due at `dueAt` is due at `now`. */
export function morningReportDue(dueAt: number, now: number): boolean {
	const morning = morningAfter(dueAt);
	return now >= morning && now < morning + morningGraceMs;
}

/** The weekly digest goes out on Monday at this hour (community time), before the 会商. */
export const digestHour = 8;

/** How long after its hour a missed digest may still go out. */
export const digestGraceMs = 12 * 3_600_000;

/** The Monday 08:00 (community time) of the week `now` falls in (the week starts on Monday 00:00). */
export function digestMomentOfWeek(now: number): number {
	return epochOf(atHour(wallTime(weekStartOf(now), communityZone), digestHour), communityZone);
}

/** The week's digest when it is due at `now`: its moment and its key (the Monday, yyyy-mm-dd). */
export function digestDue(now: number): { at: number; week: string } | null {
	const at = digestMomentOfWeek(now);
	if (now < at || now >= at + digestGraceMs) return null;
	return { at, week: weekKey(at) };
}

/** `2026-11-30`: the Monday of a digest, community time. */
export function weekKey(digestAt: number): string {
	return dayOf(digestAt);
}

/** The digest moment of a week key, the inverse of `weekKey`; null for anything else. */
export function digestMomentOf(week: string): number | null {
	const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(week);
	if (!match) return null;
	const [year, month, day] = match.slice(1).map(Number);
	return epochOf({ year, month, day, hour: digestHour, minute: 0 }, communityZone);
}

/** Whole days between two moments, at least 1 (for "超期 3 天"). */
export function daysLate(dueAt: number, now: number): number {
	return Math.max(1, Math.ceil((now - dueAt) / 86_400_000));
}
