import * as m from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import type { ProgressStatus, TaskKind } from '$lib/domain/community-doc';

const kindLabels: Record<TaskKind, () => string> = {
	check: m.liaison_kind_check,
	register: m.liaison_kind_register,
	publicity: m.liaison_kind_publicity,
	safety: m.liaison_kind_safety,
	custom: m.liaison_kind_custom
};

export const kindLabel = (kind: TaskKind): string => kindLabels[kind]();

const statusLabels: Record<ProgressStatus, () => string> = {
	visited: m.doorgrid_status_visited,
	absent: m.doorgrid_status_absent,
	refused: m.doorgrid_status_refused,
	issue: m.doorgrid_status_issue
};

export const statusLabel = (status: ProgressStatus | null): string => (status ? statusLabels[status]() : m.doorgrid_status_none());

/** `19:42` on a 24-hour clock, as liaisons read times. */
export function clockTime(at: number): string {
	return new Date(at).toLocaleTimeString(getLocale(), { hour: '2-digit', minute: '2-digit', hour12: false });
}

const dayStart = (at: number) => new Date(at).setHours(0, 0, 0, 0);

/** `今天 22:00`, `明天 12:00`, else the date and time. */
export function dayAndTime(at: number, now = Date.now()): string {
	const days = Math.round((dayStart(at) - dayStart(now)) / 86_400_000);
	const time = clockTime(at);
	if (days === 0) return m.liaison_today_at({ time });
	if (days === 1) return m.liaison_tomorrow_at({ time });
	if (days === -1) return m.liaison_yesterday_at({ time });
	return new Date(at).toLocaleString(getLocale(), { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false });
}
