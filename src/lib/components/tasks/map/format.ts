import { dayRelation, localZone } from '$lib/domain/due-times';
import { getLocale } from '$lib/paraglide/runtime';

/** 19:42 when it was today, else 6月3日 19:42: when a household was recorded. */
export function recordedAt(epoch: number, now = Date.now()): string {
	const today = dayRelation(epoch, now, localZone) === 'today';
	return new Intl.DateTimeFormat(getLocale(), {
		...(today ? {} : { month: 'short', day: 'numeric' }),
		hour: '2-digit',
		minute: '2-digit',
		hourCycle: 'h23'
	}).format(epoch);
}
