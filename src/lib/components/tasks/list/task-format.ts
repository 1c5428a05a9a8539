import type { TaskKind } from '$lib/domain/community-doc';
import { taskKinds } from '$lib/domain/community-doc';
import { dayRelation, localZone } from '$lib/domain/due-times';
import * as m from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';

const kindLabels: Record<TaskKind, () => string> = {
	check: m.tasklist_kind_check,
	register: m.tasklist_kind_register,
	publicity: m.tasklist_kind_publicity,
	safety: m.tasklist_kind_safety,
	custom: m.tasklist_kind_custom
};

/** 排查, 信息登记…; an unknown kind (an old projection row) reads as custom. */
export function kindLabel(kind: string): string {
	return ((taskKinds as readonly string[]).includes(kind) ? kindLabels[kind as TaskKind] : kindLabels.custom)();
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
	return kindBadgeClass[(taskKinds as readonly string[]).includes(kind) ? (kind as TaskKind) : 'custom'];
}

function clock(epoch: number): string {
	return new Intl.DateTimeFormat(getLocale(), { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(epoch);
}

/** A moment named by its day on the user's clock: 今天 22:00, 明天 12:00, 昨天 19:42, 3月15日 18:30. */
export function momentLabel(epoch: number, now: number): string {
	const time = clock(epoch);
	switch (dayRelation(epoch, now, localZone)) {
		case 'today':
			return m.tasklist_day_today({ time });
		case 'tomorrow':
			return m.tasklist_day_tomorrow({ time });
		case 'yesterday':
			return m.tasklist_day_yesterday({ time });
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

/** A date alone, for history rows: 3月15日 (with the year when it is not this one). */
export function dateLabel(epoch: number, now: number): string {
	const sameYear = new Date(epoch).getFullYear() === new Date(now).getFullYear();
	return new Intl.DateTimeFormat(getLocale(), { year: sameYear ? undefined : 'numeric', month: 'short', day: 'numeric' }).format(epoch);
}

export function percent(done: number, total: number): number {
	return total > 0 ? Math.min(100, Math.round((done / total) * 100)) : 0;
}
