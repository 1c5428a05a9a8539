/** How the 会商 screens write figures: shares, durations, a meeting's time. */
import * as m from '$lib/paraglide/messages';

/** 83%; a dash when there is nothing to divide. */
export function rateText(rate: number | null): string {
	return rate === null ? '—' : `${Math.round(rate * 100)}%`;
}

/** 45分钟, 5小时, 2天3小时: rounded to what a person says; a dash for none. */
export function durationText(ms: number | null): string {
	if (ms === null) return '—';
	const minutes = Math.round(ms / 60_000);
	if (minutes < 60) return m.consultation_minutes_short({ count: minutes });
	const hours = Math.round(ms / 3_600_000);
	if (hours < 24) return m.consultation_hours_short({ count: hours });
	const days = Math.floor(hours / 24);
	const rest = hours - days * 24;
	return rest ? m.consultation_days_hours({ days, hours: rest }) : m.consultation_days_short({ count: days });
}
