/** How diary pages name days, months, times and what happened, in the user's language. */
import { toDateTimeInput } from '$lib/domain/due-times';
import type { DiaryDate, DiaryMonth } from '$lib/domain/diary-dates';
import type { DiaryCommentKind, DiaryMatterAct } from '$lib/domain/diary-view';
import { communityZone } from '$lib/domain/matter-deadlines';
import * as m from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';

const calendarDate = (date: DiaryDate) => {
	const [year, month, day] = date.split('-').map(Number);
	return new Date(Date.UTC(year, month - 1, day, 12));
};

/** 3月5日 周四 / Thu 5 Mar; with the year when it is not `thisYear`. */
export function dayLabel(date: DiaryDate, thisYear?: string): string {
	const withYear = thisYear !== undefined && date.slice(0, 4) !== thisYear;
	return new Intl.DateTimeFormat(getLocale(), {
		timeZone: 'UTC',
		...(withYear ? { year: 'numeric' } : {}),
		month: getLocale() === 'en' ? 'short' : 'long',
		day: 'numeric',
		weekday: 'short'
	}).format(calendarDate(date));
}

/** 2026年3月 / March 2026. */
export function monthLabel(month: DiaryMonth): string {
	return new Intl.DateTimeFormat(getLocale(), { timeZone: 'UTC', year: 'numeric', month: 'long' }).format(calendarDate(`${month}-01`));
}

/** The day of the month alone, for the month's grid. */
export const dayNumber = (date: DiaryDate): number => Number(date.slice(8));

/** 14:05 on the community's clock. */
export function clockTime(epoch: number): string {
	return toDateTimeInput(epoch, communityZone).slice(11);
}

const actLabels: Record<DiaryMatterAct, () => string> = {
	reported: m.diary_matter_reported,
	'handled-on-spot': m.diary_matter_handled,
	confirmed: m.diary_matter_confirmed,
	verified: m.diary_matter_verified,
	'sent-back': m.diary_matter_sent_back
};

export const actLabel = (act: DiaryMatterAct): string => actLabels[act]();

export const commentKindLabel = (kind: DiaryCommentKind): string => (kind === 'check' ? m.diary_comment_check() : m.diary_comment_review());

export const visitStatuses = [
	{ key: 'visited', label: m.diary_status_visited, dot: 'bg-emerald-500' },
	{ key: 'absent', label: m.diary_status_absent, dot: 'bg-amber-400' },
	{ key: 'refused', label: m.diary_status_refused, dot: 'bg-stone-500' },
	{ key: 'issue', label: m.diary_status_issue, dot: 'bg-red-500' }
] as const;
