import { dayRelation, localZone } from '$lib/domain/due-times';
import type { TaskKind } from '$lib/domain/community-doc';
import * as m from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';

/** 19:42 */
export function clockOf(epoch: number): string {
	return new Intl.DateTimeFormat(getLocale(), { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(epoch);
}

/** 19:42 today, 昨天 19:42, 明天 12:00, else 6月3日 19:42: a board is read within a day or two. */
export function timeLabel(epoch: number, now: number): string {
	const time = clockOf(epoch);
	switch (dayRelation(epoch, now, localZone)) {
		case 'today':
			return time;
		case 'yesterday':
			return m.board_day_yesterday({ time });
		case 'tomorrow':
			return m.board_day_tomorrow({ time });
		default:
			return new Intl.DateTimeFormat(getLocale(), { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(epoch);
	}
}

/** A due time always names its day: 今天 22:00. */
export function dueLabel(epoch: number, now: number): string {
	return dayRelation(epoch, now, localZone) === 'today' ? m.board_day_today({ time: clockOf(epoch) }) : timeLabel(epoch, now);
}

const kindLabels: Record<TaskKind, () => string> = {
	check: m.board_kind_check,
	register: m.board_kind_register,
	publicity: m.board_kind_publicity,
	safety: m.board_kind_safety,
	custom: m.board_kind_custom
};

export const kindLabel = (kind: TaskKind): string => kindLabels[kind]();

/** Whole percent, never 100 before everything is done. */
export function percentOf(done: number, total: number): number {
	if (total <= 0) return 0;
	const percent = Math.round((done / total) * 100);
	return done < total ? Math.min(percent, 99) : 100;
}
