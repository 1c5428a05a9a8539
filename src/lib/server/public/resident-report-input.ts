import * as v from 'valibot';
import { isResidentPhone, phoneDigits, residentReportLimits as limits } from '../../domain/resident-reports';
import * as m from '../../paraglide/messages';
import { refusal } from '../refusal';

/** What a resident sends (the JSON API and the page's form alike), bounded. */
export const residentReportSchema = v.strictObject({
	category: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
	description: v.pipe(v.string(), v.trim(), v.minLength(limits.descriptionMin), v.maxLength(limits.descriptionMax)),
	phone: v.optional(
		v.pipe(
			v.nullable(v.pipe(v.string(), v.maxLength(limits.phoneMax * 2))),
			v.transform((typed) => (typed ? phoneDigits(typed) : '') || null),
			v.check((phone) => phone === null || isResidentPhone(phone))
		),
		null
	),
	photoIds: v.optional(v.pipe(v.array(v.pipe(v.string(), v.minLength(1), v.maxLength(64))), v.maxLength(limits.photos)), [])
});
export type ResidentReportInput = v.InferOutput<typeof residentReportSchema>;

/** The form's fields, and `body` for what is no field of it (an unknown key, not an object). */
export const residentFields = ['category', 'description', 'phone', 'photoIds', 'body'] as const;
export type ResidentField = (typeof residentFields)[number];

/** What the resident reads about a field that is wrong, in the request's language. */
export function residentFieldMessage(field: ResidentField): string {
	if (field === 'category') return m.public_field_category_wrong();
	if (field === 'description') return m.public_field_description_wrong({ min: limits.descriptionMin, max: limits.descriptionMax });
	if (field === 'phone') return m.public_field_phone_wrong();
	if (field === 'photoIds') return m.public_field_photos_wrong({ count: limits.photos });
	return m.public_field_body_wrong();
}

/** The parsed report, or the fields that are wrong. */
export function parseResidentReport(body: unknown): { input: ResidentReportInput } | { wrong: ResidentField[] } {
	const result = v.safeParse(residentReportSchema, body);
	if (result.success) return { input: result.output };
	const wrong = new Set<ResidentField>();
	for (const issue of result.issues) {
		const top = issue.path?.[0]?.key;
		wrong.add(residentFields.includes(top as ResidentField) ? (top as ResidentField) : 'body');
	}
	return { wrong: residentFields.filter((field) => wrong.has(field)) };
}

/** The parsed report, or 400 naming what is wrong. */
export function residentReportOrRefuse(body: unknown): ResidentReportInput {
	const parsed = parseResidentReport(body);
	if ('input' in parsed) return parsed.input;
	throw refusal(400, 'error_public_report_input', { detail: parsed.wrong.map(residentFieldMessage).join(m.list_separator()) });
}
