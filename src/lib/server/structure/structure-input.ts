import * as v from 'valibot';
import type { Polygonal } from '../../domain/geojson';
import { checkPolygonal, sizeProblem } from '../../domain/geometry';
import { badRequest } from './errors';

const text = (min: number, max: number, message: string) =>
	v.pipe(v.string(message), v.trim(), v.minLength(min, message), v.maxLength(max, message));

const idSchema = (message: string) => v.pipe(v.string(message), v.minLength(1, message), v.maxLength(64, message));
const id = idSchema('编号应是非空文字。 An id must be a non-empty string.');
/** A reference to another record, named in the message when missing or malformed. */
const ref = (what: string, field: string) => idSchema(`请给出${what}（${field}）。 ${field} must be an id.`);

const userIds = (role: string, roleEn: string) =>
	v.pipe(
		v.array(id, `${role}应是用户编号的列表。 ${roleEn} must be a list of user ids.`),
		v.maxLength(50, `${role}最多 50 人。 At most 50 ${roleEn.toLowerCase()}.`),
		v.transform((ids) => [...new Set(ids)])
	);

const whole = (min: number, max: number, what: string, whatEn: string) =>
	v.pipe(
		v.number(`${what}应为 ${min}–${max} 的整数。 ${whatEn} must be a whole number from ${min} to ${max}.`),
		v.integer(`${what}应为 ${min}–${max} 的整数。 ${whatEn} must be a whole number from ${min} to ${max}.`),
		v.minValue(min, `${what}应为 ${min}–${max} 的整数。 ${whatEn} must be a whole number from ${min} to ${max}.`),
		v.maxValue(max, `${what}应为 ${min}–${max} 的整数。 ${whatEn} must be a whole number from ${min} to ${max}.`)
	);

const name = text(1, 40, '名称应为 1–40 个字。 The name must be 1 to 40 characters.');
const label = text(1, 40, '楼栋名称应为 1–40 个字。 The building label must be 1 to 40 characters.');
const confirm = v.optional(v.boolean('confirm 应为 true 或 false。 confirm must be true or false.'));
// Only the size limits here (counting, no coordinate read); checkPolygonal names any other problem.
const geometry = v.pipe(
	v.unknown(),
	v.rawCheck(({ dataset, addIssue }) => {
		const problem = dataset.typed ? sizeProblem(dataset.value) : null;
		if (problem) addIssue({ message: problem.message, expected: problem.code });
	})
);

export const dimensions = {
	units: whole(1, 99, '单元数', 'Units'),
	floors: whole(1, 60, '楼层数', 'Floors'),
	roomsPerFloor: whole(1, 20, '每层户数', 'Rooms per floor')
};
const householdCodes = v.pipe(
	v.array(v.string('户号应是文字，如 2-301。 Household codes are strings such as 2-301.'), '户列表应是户号的列表。 households must be a list of codes.'),
	v.maxLength(20_000, '户列表最多 20000 户。 At most 20,000 households.')
);

export const gridCreateSchema = v.object({ name, geometry, chiefIds: v.optional(userIds('网格长', 'Chiefs')), confirm });
export const gridPatchSchema = v.object({
	name: v.optional(name),
	geometry: v.optional(geometry),
	chiefIds: v.optional(userIds('网格长', 'Chiefs')),
	confirm
});

export const microGridCreateSchema = v.object({
	name,
	gridId: ref('所属网格', 'gridId'),
	geometry,
	liaisonIds: v.optional(userIds('联络员', 'Liaisons')),
	confirm
});
export const microGridPatchSchema = v.object({
	name: v.optional(name),
	gridId: v.optional(ref('所属网格', 'gridId')),
	geometry: v.optional(geometry),
	liaisonIds: v.optional(userIds('联络员', 'Liaisons')),
	confirm
});

const buildingFields = {
	label,
	microGridId: ref('所属微网格', 'microGridId'),
	compoundId: v.optional(v.nullable(ref('所属小区', 'compoundId'))),
	geometry,
	units: v.optional(dimensions.units),
	floors: v.optional(dimensions.floors),
	roomsPerFloor: v.optional(dimensions.roomsPerFloor),
	households: v.optional(householdCodes),
	confirm
};
export const buildingCreateSchema = v.object(buildingFields);
export const buildingPatchSchema = v.object({
	...buildingFields,
	label: v.optional(label),
	microGridId: v.optional(ref('所属微网格', 'microGridId')),
	geometry: v.optional(geometry)
});

export type GridCreate = v.InferOutput<typeof gridCreateSchema>;
export type GridPatch = v.InferOutput<typeof gridPatchSchema>;
export type MicroGridCreate = v.InferOutput<typeof microGridCreateSchema>;
export type MicroGridPatch = v.InferOutput<typeof microGridPatchSchema>;
export type BuildingCreate = v.InferOutput<typeof buildingCreateSchema>;
export type BuildingPatch = v.InferOutput<typeof buildingPatchSchema>;

const fieldNames: Record<string, string> = {
	name: '名称',
	label: '楼栋名称',
	gridId: '所属网格',
	microGridId: '所属微网格',
	geometry: '几何轮廓'
};

/** The body as the schema's output, or 400 naming the first problem. */
export function parseBody<S extends v.GenericSchema>(schema: S, body: unknown): v.InferOutput<S> {
	if (typeof body !== 'object' || body === null || Array.isArray(body)) {
		throw badRequest('请求内容应是一个 JSON 对象。 The body must be a JSON object.');
	}
	const result = v.safeParse(schema, body);
	if (result.success) return result.output;
	const issue = result.issues[0];
	const field = v.getDotPath(issue);
	// A missing key is reported by the object schema, not by the field's own schema.
	if (issue.type === 'object' && field && issue.input === undefined) {
		throw badRequest(`缺少${fieldNames[field] ?? '字段'}（${field}）。 The field "${field}" is missing.`, { field });
	}
	const code = field === 'geometry' && issue.type === 'raw_check' ? { code: issue.expected } : {};
	throw badRequest(issue.message, field ? { field, ...code } : {});
}

const historyQuery = v.object({
	limit: v.optional(v.pipe(v.string(), v.transform(Number), v.integer(), v.minValue(1), v.maxValue(200)), '50'),
	before: v.optional(v.pipe(v.string(), v.maxLength(64)))
});

/** `?limit=&before=` of the history endpoint. */
export function parseHistoryQuery(url: URL): { limit: number; before: string | null } {
	const present = Object.fromEntries([...url.searchParams].filter(([key, value]) => key in historyQuery.entries && value));
	const result = v.safeParse(historyQuery, present);
	if (!result.success) throw badRequest('limit 应为 1–200 的整数。 limit must be a whole number from 1 to 200.');
	return { limit: result.output.limit, before: result.output.before ?? null };
}

/** A clean Polygon or MultiPolygon, or 400 naming what is wrong with it (and where). */
export function parseGeometry(input: unknown): Polygonal {
	const check = checkPolygonal(input);
	if (check.ok) return check.geometry;
	throw badRequest(check.problem.message, { code: check.problem.code, ...(check.problem.at ? { at: check.problem.at } : {}) });
}

/** A PATCH body with nothing but `confirm` in it. */
export function changesNothing(patch: Record<string, unknown>): boolean {
	return Object.entries(patch).every(([key, value]) => key === 'confirm' || value === undefined);
}
