/**
 * What clients may send about matters, bounded (every string, list and time). Each route
 * parses with these before doing any work beyond checking who asks.
 */
import * as v from 'valibot';
import { issueText } from '../input-issues';
import { matterLimits, returnReasons } from '../../domain/matter-view';
import { destinationKinds, matterStatuses } from '../../domain/matters';
import { refusal } from '../refusal';

const id = v.pipe(v.string(), v.minLength(1), v.maxLength(64));
const text = (max: number) => v.pipe(v.string(), v.trim(), v.maxLength(max));
const longitude = v.pipe(v.number(), v.minValue(-180), v.maxValue(180));
const latitude = v.pipe(v.number(), v.minValue(-90), v.maxValue(90));

/** Three taps: a category, a photo, a line of text; the photo may stand in for the line. */
export const reportSchema = v.pipe(v.strictObject({
	clientKey: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{8,64}$/, 'clientKey must be 8–64 letters, digits, _ or -')),
	category: id,
	buildingId: v.optional(v.nullable(id)),
	point: v.optional(v.nullable(v.tuple([longitude, latitude]))),
	description: text(matterLimits.description),
	urgent: v.optional(v.boolean(), false),
	handledOnSpot: v.optional(v.boolean(), false),
	photoIds: v.optional(v.pipe(v.array(id), v.maxLength(matterLimits.photos, `at most ${matterLimits.photos} photos`)), [])
}), v.check((input) => input.description.length > 0 || input.photoIds.length > 0, 'a description or a photo is required'));
export type ReportInput = v.InferOutput<typeof reportSchema>;

const note = text(matterLimits.note);
const reason = v.pipe(text(matterLimits.reason), v.minLength(1, 'a reason is required'));

const destinationSchema = v.variant('kind', [
	v.strictObject({ kind: v.literal('property'), orgId: v.optional(id) }),
	v.strictObject({ kind: v.literal('community'), userId: id }),
	v.strictObject({ kind: v.literal('street') })
]);
export type DestinationInput = v.InferOutput<typeof destinationSchema>;

/** Decisions taken at a 会商 name the meeting, so its minutes list them. */
const meetingId = v.optional(id);

export const actionSchema = v.variant('action', [
	v.strictObject({ action: v.literal('confirm'), note: v.optional(note) }),
	v.strictObject({ action: v.literal('route'), destination: destinationSchema, note: v.optional(note), meetingId }),
	v.strictObject({ action: v.literal('merge'), into: id, note: v.optional(note), meetingId }),
	v.strictObject({ action: v.literal('reject'), reason, meetingId }),
	v.strictObject({ action: v.literal('accept'), note: v.optional(note) }),
	v.strictObject({ action: v.literal('return'), reason, reasonKind: v.optional(v.picklist(returnReasons), 'other') }),
	v.strictObject({ action: v.literal('extend'), until: v.pipe(v.number(), v.integer()), reason }),
	v.strictObject({ action: v.literal('decide-extension'), approve: v.boolean(), note: v.optional(note) }),
	v.strictObject({ action: v.literal('remind'), note: v.optional(note) }),
	v.strictObject({ action: v.literal('resolve'), note: v.pipe(note, v.minLength(1, 'a note is required')), photoIds: v.optional(v.pipe(v.array(id), v.maxLength(matterLimits.photos)), []) }),
	v.strictObject({ action: v.literal('verify'), pass: v.boolean(), note: v.optional(note) })
]);
export type ActionInput = v.InferOutput<typeof actionSchema>;

const flag = v.optional(v.picklist(['1', 'true', '0', 'false']));
export const filterSchema = v.object({
	status: v.optional(v.pipe(v.string(), v.maxLength(200), v.transform((s) => s.split(',').filter(Boolean)), v.array(v.picklist(matterStatuses)))),
	destination: v.optional(v.picklist(destinationKinds)),
	overdue: flag,
	mine: flag,
	buildingId: v.optional(id),
	since: v.optional(v.pipe(v.string(), v.transform(Number), v.number(), v.integer(), v.minValue(0))),
	limit: v.optional(v.pipe(v.string(), v.transform(Number), v.number(), v.integer(), v.minValue(1), v.maxValue(10_000)))
});

/** Parses or refuses (400) with the named message key. */
export function parseOrRefuse<S extends v.GenericSchema>(schema: S, input: unknown, key: 'error_matter_input' | 'error_matter_filter' | 'error_category_input' | 'error_consultation_input'): v.InferOutput<S> {
	const result = v.safeParse(schema, input);
	if (!result.success) throw refusal(400, key, { detail: issueText(result.issues) });
	return result.output;
}
