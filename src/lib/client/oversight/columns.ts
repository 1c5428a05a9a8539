import type { GridRow, LiaisonRow } from '$lib/domain/oversight/dashboard-view';
import { daysSince } from '$lib/domain/visit-age';
import { quietLiaisonDays } from '$lib/domain/oversight/attention';
import * as m from '$lib/paraglide/messages';
import { daysAgo, percent, rate, shortDuration } from './labels';

type Figures = Pick<GridRow, 'acks' | 'week' | 'month' | 'lastActivityAt' | 'matters'>;
export type FigureColumn<R> = { key: string; label: string; sort: (row: R) => number | string | null; text: (row: R) => string; warn?: (row: R) => boolean };

/** A share to sort by, null of nothing (sorted last). */
export const share = (part: number, whole: number) => (whole > 0 ? part / whole : null);

/** The figure columns the grid and liaison tables share, in the order they show. */
export function figureColumns<R extends Figures>(now: number): FigureColumn<R>[] {
	return [
		{
			key: 'acks',
			label: m.oversight_col_acks(),
			sort: (r) => share(r.acks.acked, r.acks.expected),
			text: (r) => (r.acks.expected ? `${r.acks.acked}/${r.acks.expected}` : '—'),
			warn: (r) => r.acks.acked < r.acks.expected
		},
		{ key: 'ackSpeed', label: m.oversight_col_ack_speed(), sort: (r) => r.acks.medianAckMs, text: (r) => shortDuration(r.acks.medianAckMs) },
		{ key: 'week', label: m.oversight_col_week(), sort: (r) => share(r.week.visited, r.week.households), text: (r) => percent(r.week.visited, r.week.households) },
		{ key: 'month', label: m.oversight_col_month(), sort: (r) => share(r.month.visited, r.month.households), text: (r) => percent(r.month.visited, r.month.households) },
		{
			key: 'last',
			label: m.oversight_col_last(),
			sort: (r) => (r.lastActivityAt === null ? null : -r.lastActivityAt),
			text: (r) => daysAgo(r.lastActivityAt, now),
			warn: (r) => r.lastActivityAt === null || daysSince(r.lastActivityAt, now) >= quietLiaisonDays
		},
		{ key: 'reported', label: m.oversight_col_reported(), sort: (r) => r.matters.reported, text: (r) => String(r.matters.reported) },
		{ key: 'open', label: m.oversight_col_open(), sort: (r) => r.matters.open, text: (r) => String(r.matters.open) },
		{ key: 'overdue', label: m.oversight_col_overdue(), sort: (r) => r.matters.overdue, text: (r) => String(r.matters.overdue), warn: (r) => r.matters.overdue > 0 },
		{ key: 'onTime', label: m.oversight_col_on_time(), sort: (r) => r.matters.onTimeRate, text: (r) => rate(r.matters.onTimeRate) }
	];
}

export const gridSubtitle = (row: GridRow) => [row.chiefNames.join('、'), m.oversight_liaison_count({ count: row.liaisonCount })].filter(Boolean).join(' · ');
export const liaisonSubtitle = (row: LiaisonRow) => [row.gridName, row.microGridNames.join('、')].filter(Boolean).join(' · ');
