/**
 * What clients may send about diaries, bounded: every string, date and id. Routes parse with
 * these right after checking who asks, before any other work.
 */
import * as v from 'valibot';
import { isReadableDate } from '../../domain/diary';
import { dayOf, isDiaryDate, isDiaryMonth } from '../../domain/diary-dates';
import { diaryLimits } from '../../domain/diary-view';
import { issueText } from '../input-issues';
import { refusal } from '../refusal';

/** Any id a diary request names (users, communities, entries, matters). */
export const idSchema = v.pipe(v.string(), v.minLength(1), v.maxLength(64));
const id = idSchema;
/** Ids a phone makes for what it writes offline (32 hex digits), or any caller's 8–64 safe characters. */
const clientId = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{8,64}$/, 'id must be 8–64 letters, digits, _ or -'));
const date = v.pipe(v.string(), v.check(isDiaryDate, 'a date written YYYY-MM-DD, from 2020 on'));
const month = v.pipe(v.string(), v.check(isDiaryMonth, 'a month written YYYY-MM, from 2020 on'));
const text = (max: number) => v.pipe(v.string(), v.trim(), v.maxLength(max, `at most ${max} characters`));
const problem = v.pipe(text(diaryLimits.problem), v.minLength(1, 'the problem (问题) is required'));

export const dayQuerySchema = v.object({ userId: v.optional(id), date: v.optional(date), community: v.optional(id) });
export const monthQuerySchema = v.object({ userId: v.optional(id), month: v.optional(month), community: v.optional(id) });
export const exportQuerySchema = v.object({ userId: v.optional(id), month, community: v.optional(id) });
export const teamQuerySchema = v.object({ date: v.optional(date), community: v.optional(id) });

export const newEntrySchema = v.strictObject({
	id: v.optional(clientId),
	date,
	community: v.optional(id),
	problem,
	action: v.optional(text(diaryLimits.action), ''),
	result: v.optional(text(diaryLimits.result), ''),
	matterId: v.optional(v.nullable(id), null)
});

export const entryChangeSchema = v.pipe(
	v.strictObject({
		problem: v.optional(problem),
		action: v.optional(text(diaryLimits.action)),
		result: v.optional(text(diaryLimits.result)),
		matterId: v.optional(v.nullable(id))
	}),
	v.check((change) => Object.keys(change).length > 0, 'nothing to change')
);

export const doneSchema = v.strictObject({ date, community: v.optional(id) });

export const commentSchema = v.strictObject({
	id: v.optional(clientId),
	userId: id,
	date,
	community: v.optional(id),
	text: v.pipe(text(diaryLimits.comment), v.minLength(1, 'the comment is empty'))
});

/** Parses or refuses (400) naming what is wrong. */
export function parseDiary<S extends v.GenericSchema>(schema: S, input: unknown): v.InferOutput<S> {
	const result = v.safeParse(schema, input);
	if (!result.success) throw refusal(400, 'error_diary_input', { detail: issueText(result.issues) });
	return result.output;
}

/** A day to read (`isReadableDate`), or a refusal. */
export function readableDate(value: string, now: number): string {
	if (!isReadableDate(value, dayOf(now))) throw refusal(400, 'error_diary_input', { detail: 'date: a day that has not come yet' });
	return value;
}
