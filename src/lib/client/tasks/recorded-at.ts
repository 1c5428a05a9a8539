import { dayRelation, localZone } from '$lib/domain/due-times';
import { getLocale } from '$lib/paraglide/runtime';
import { whenShown } from './task-format';

/** 19:42 when it was today, else 6月3日 19:42: when a household was recorded. */
export function recordedAt(epoch: number, now = Date.now()): string {
	return whenShown(epoch, (shown) => {
		const today = dayRelation(shown, now, localZone) === 'today';
		return new Intl.DateTimeFormat(getLocale(), {
			...(today ? {} : { month: 'short', day: 'numeric' }),
			hour: '2-digit',
			minute: '2-digit',
			hourCycle: 'h23'
		}).format(shown);
	});
}
