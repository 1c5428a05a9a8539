import { coverageText } from '$lib/domain/coverage-breakdown';
import { daysSince, type VisitAgeBand } from '$lib/domain/visit-age';
import * as m from '$lib/paraglide/messages';

const bandLabels: Record<VisitAgeBand, () => string> = {
	within7: m.oversight_age_week,
	within14: m.oversight_age_fortnight,
	within30: m.oversight_age_month,
	over30: m.oversight_age_stale,
	never: m.oversight_age_never
};

export const visitAgeLabel = (band: VisitAgeBand): string => bandLabels[band]();

/** `62%` of a share, `—` when there is nothing to share: as the weekly digest writes it. */
export const percent: (part: number, whole: number) => string = coverageText;

/** A rate (0–1) as a percentage, `—` when there is none. */
export function rate(value: number | null): string {
	return value === null ? '—' : `${Math.round(value * 100)}%`;
}

/** A duration in minutes or hours, for "收到 in 12 分钟". */
export function shortDuration(ms: number | null): string {
	if (ms === null) return '—';
	const minutes = Math.round(ms / 60_000);
	if (minutes < 60) return m.oversight_minutes({ count: minutes });
	const hours = Math.round(minutes / 6) / 10;
	return hours < 48 ? m.oversight_hours({ count: hours }) : m.oversight_days({ count: Math.round(hours / 24) });
}

/** "3 天前", "今天", or "从未": calendar days on the community's clock, as the warning and the attention list count them. */
export function daysAgo(at: number | null, now: number): string {
	if (at === null) return m.oversight_never();
	const days = daysSince(at, now);
	return days === 0 ? m.oversight_today() : m.oversight_days_ago({ count: days });
}
