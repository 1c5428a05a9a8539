/**
 * How task pages name kinds, times and shares, in one place for the board, the list, the
 * history and the liaison's screens.
 */
import { taskKinds, type ProgressStatus, type TaskKind } from '$lib/domain/community-doc';
import { coverageRate } from '$lib/domain/coverage-breakdown';
import { dayRelation, localZone } from '$lib/domain/due-times';
import { displayableTime } from '$lib/domain/live-values';
import * as m from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';

const kindLabels: Record<TaskKind, () => string> = {
	check: m.task_kind_check,
	register: m.task_kind_register,
	publicity: m.task_kind_publicity,
	safety: m.task_kind_safety,
	custom: m.task_kind_custom
};

const knownKind = (kind: string): TaskKind => ((taskKinds as readonly string[]).includes(kind) ? (kind as TaskKind) : 'custom');

/** 排查, 信息登记…; an unknown kind (an old projection row) reads as custom. */
export function kindLabel(kind: string): string {
	return kindLabels[knownKind(kind)]();
}

/** Badge colours per kind, so a list can be scanned by kind. */
export const kindBadgeClass: Record<TaskKind, string> = {
	check: 'bg-sky-100 text-sky-800',
	register: 'bg-violet-100 text-violet-800',
	publicity: 'bg-amber-100 text-amber-800',
	safety: 'bg-red-100 text-red-800',
	custom: 'bg-stone-200 text-stone-700'
};

export function kindBadge(kind: string): string {
	return kindBadgeClass[knownKind(kind)];
}

const statusLabels: Record<ProgressStatus, () => string> = {
	visited: m.doorgrid_status_visited,
	absent: m.doorgrid_status_absent,
	refused: m.doorgrid_status_refused,
	issue: m.doorgrid_status_issue
};

export const statusLabel = (status: ProgressStatus | null): string => (status ? statusLabels[status]() : m.doorgrid_status_none());

/**
 * What a time shows when the document holds one no clock can show (1e300, a string): a value
 * stored before the server bounded times must never make a page throw.
 */
export const noTime = '—';

/** Formats `epoch` when it is a time a Date can hold, else `noTime`. */
export function whenShown(epoch: unknown, format: (epoch: number) => string): string {
	const time = displayableTime(epoch);
	return time === null ? noTime : format(time);
}

/** 19:42, on a 24-hour clock as the users read times. */
export function clockTime(epoch: number): string {
	return whenShown(epoch, (time) => new Intl.DateTimeFormat(getLocale(), { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(time));
}

/** A moment named by its day on the user's clock: 今天 22:00, 明天 12:00, 昨天 19:42, 3月15日 18:30. */
export function momentLabel(epoch: number, now: number = Date.now()): string {
	return whenShown(epoch, (shown) => dayMoment(shown, now));
}

function dayMoment(epoch: number, now: number): string {
	const time = clockTime(epoch);
	switch (dayRelation(epoch, now, localZone)) {
		case 'today':
			return m.task_day_today({ time });
		case 'tomorrow':
			return m.task_day_tomorrow({ time });
		case 'yesterday':
			return m.task_day_yesterday({ time });
		default:
			return new Intl.DateTimeFormat(getLocale(), {
				year: new Date(epoch).getFullYear() === new Date(now).getFullYear() ? undefined : 'numeric',
				month: 'short',
				day: 'numeric',
				hour: '2-digit',
				minute: '2-digit',
				hourCycle: 'h23'
			}).format(epoch);
	}
}

/** Like `momentLabel`, but today's moments by their time alone: a board is read the same evening. */
export function recentLabel(epoch: number, now: number = Date.now()): string {
	return whenShown(epoch, (shown) => (dayRelation(shown, now, localZone) === 'today' ? clockTime(shown) : momentLabel(shown, now)));
}

/** A date alone, for history rows: 3月15日 (with the year when it is not this one). */
export function dateLabel(epoch: number, now: number): string {
	return whenShown(epoch, (shown) => {
		const sameYear = new Date(shown).getFullYear() === new Date(now).getFullYear();
		return new Intl.DateTimeFormat(getLocale(), { year: sameYear ? undefined : 'numeric', month: 'short', day: 'numeric' }).format(shown);
	});
}

/** Whole percent, never 100 before everything is done: the share the task's group notices write (`coverageText`). */
export function percent(done: number, total: number): number {
	return Math.floor(coverageRate(done, total) ?? 0);
}
