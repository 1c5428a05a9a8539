/**
 * `?from=&to=` of the coverage endpoints: ISO dates (`2026-12-01`, midnight on the community's
 * clock) or ISO date-times with their offset (`2026-12-01T08:00:00+08:00`, `…Z`). `to` is
 * excluded: `from=2026-12-01&to=2026-12-08` is one week. Without `to`: now; without `from`:
 * seven days before `to`. `to` must come after `from`, and the window may span at most 400 days.
 */
import * as v from 'valibot';
import { dayPeriod, firstDiaryDate, isCalendarDate } from '../../domain/diary-dates';
import type { Period } from '../../domain/matter-figures';
import { refusal } from '../refusal';

const maxPeriodDays = 400;
const defaultPeriodDays = 7;
const day = 86_400_000;
/** Nothing of ours lies outside 2020–2099 (community time); a date out there is a typo. */
const earliest = dayPeriod(firstDiaryDate).from;
const latest = dayPeriod('2100-01-01').from;

// A `+` typed into a URL arrives as a space; the offset is read either way.
const dateTimePattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+ -]\d{2}:\d{2})$/;

/** A date's midnight on the community clock, or an exact instant; null when it is no such thing. */
export function instantOf(text: string): number | null {
	if (isCalendarDate(text)) return dayPeriod(text).from;
	if (!dateTimePattern.test(text)) return null;
	// The calendar part must exist as written (Date.parse rolls 2026-02-30 over to March).
	if (!isCalendarDate(text.slice(0, 10))) return null;
	const time = Date.parse(text.replace(' ', '+'));
	return Number.isNaN(time) ? null : time;
}

const instantParam = v.optional(
	v.pipe(
		v.string(),
		v.maxLength(40),
		v.transform(instantOf),
		v.check((time) => time !== null && time >= earliest && time < latest),
		v.transform((time) => time!)
	)
);
const periodQuery = v.object({ from: instantParam, to: instantParam });

export function periodFromQuery(url: URL, now = Date.now()): Period {
	const given = { from: url.searchParams.get('from') ?? undefined, to: url.searchParams.get('to') ?? undefined };
	const parsed = v.safeParse(periodQuery, given);
	if (!parsed.success) {
		const field = v.getDotPath(parsed.issues[0]) === 'to' ? 'to' : 'from';
		throw refusal(400, 'error_period_unreadable', { field, value: [...(given[field] ?? '')].slice(0, 40).join('') });
	}
	const to = parsed.output.to ?? now;
	const from = parsed.output.from ?? to - defaultPeriodDays * day;
	if (to <= from) throw refusal(400, 'error_period_order');
	if (to - from > maxPeriodDays * day) throw refusal(400, 'error_period_too_long', { max: maxPeriodDays });
	return { from, to };
}
