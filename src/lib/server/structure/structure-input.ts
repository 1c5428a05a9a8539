import * as v from 'valibot';
import type { Polygonal } from '../../domain/geojson';
import { checkPolygonal, sizeProblem, type GeometryProblem } from '../../domain/geometry';
import * as m from '../../paraglide/messages';
import { HttpRefusal, refusal, type RefusalKey } from '../refusal';

/**
 * valibot keeps one string per issue; ours name a refusal key and its parameters, so that
 * parseBody renders the message in the request's language.
 */
export const said = (key: RefusalKey, params: Record<string, number> = {}) => JSON.stringify({ key, params });

function saidOf(message: string): { key: RefusalKey; params: Record<string, number> } | null {
	try {
		const parsed = JSON.parse(message) as { key?: unknown; params?: unknown };
		return typeof parsed.key === 'string' && parsed.key in m ? (parsed as { key: RefusalKey; params: Record<string, number> }) : null;
	} catch {
		return null;
	}
}

const text = (min: number, max: number, message: string) =>
	v.pipe(v.string(message), v.trim(), v.minLength(min, message), v.maxLength(max, message));

const idSchema = (message: string) => v.pipe(v.string(message), v.minLength(1, message), v.maxLength(64, message));
const id = idSchema(said('error_id_invalid'));

const userIds = (list: RefusalKey, most: RefusalKey) =>
	v.pipe(
		v.array(id, said(list)),
		v.maxLength(50, said(most)),
		v.transform((ids) => [...new Set(ids)])
	);
const chiefIds = () => userIds('error_chief_ids_list', 'error_chief_ids_max');
const liaisonIds = () => userIds('error_liaison_ids_list', 'error_liaison_ids_max');

const whole = (min: number, max: number, key: RefusalKey) => {
	const message = said(key, { min, max });
	return v.pipe(v.number(message), v.integer(message), v.minValue(min, message), v.maxValue(max, message));
};

const name = text(1, 40, said('error_name_length'));
const label = text(1, 40, said('error_label_length'));
const confirm = v.optional(v.boolean(said('error_confirm_boolean')));
// Only the size limits here (counting, no coordinate read); checkPolygonal names any other problem.
const geometry = v.pipe(
	v.unknown(),
	v.rawCheck(({ dataset, addIssue }) => {
		const problem = dataset.typed ? sizeProblem(dataset.value) : null;
		// Like `said`: the issue carries the problem's key and parameters, parseBody renders them.
		if (problem) addIssue({ message: JSON.stringify({ key: problem.key, params: problem.params }), expected: problem.code });
	})
);

export const dimensions = {
	units: whole(1, 99, 'error_units_range'),
	floors: whole(1, 60, 'error_floors_range'),
	roomsPerFloor: whole(1, 20, 'error_rooms_range')
};
const householdCodes = v.pipe(
	v.array(v.string(said('error_household_code_text')), said('error_household_list')),
	v.maxLength(20_000, said('error_household_list_max'))
);

export const gridCreateSchema = v.object({ name, geometry, chiefIds: v.optional(chiefIds()), confirm });
export const gridPatchSchema = v.object({
	name: v.optional(name),
	geometry: v.optional(geometry),
	chiefIds: v.optional(chiefIds()),
	confirm
});

export const microGridCreateSchema = v.object({
	name,
	gridId: idSchema(said('error_grid_ref')),
	geometry,
	liaisonIds: v.optional(liaisonIds()),
	confirm
});
export const microGridPatchSchema = v.object({
	name: v.optional(name),
	gridId: v.optional(idSchema(said('error_grid_ref'))),
	geometry: v.optional(geometry),
	liaisonIds: v.optional(liaisonIds()),
	confirm
});

const buildingFields = {
	label,
	microGridId: idSchema(said('error_micro_grid_ref')),
	compoundId: v.optional(v.nullable(idSchema(said('error_compound_ref')))),
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
	microGridId: v.optional(idSchema(said('error_micro_grid_ref'))),
	geometry: v.optional(geometry)
});

export type GridCreate = v.InferOutput<typeof gridCreateSchema>;
export type GridPatch = v.InferOutput<typeof gridPatchSchema>;
export type MicroGridCreate = v.InferOutput<typeof microGridCreateSchema>;
export type MicroGridPatch = v.InferOutput<typeof microGridPatchSchema>;
export type BuildingCreate = v.InferOutput<typeof buildingCreateSchema>;
export type BuildingPatch = v.InferOutput<typeof buildingPatchSchema>;

const fieldNames: Record<string, () => string> = {
	name: m.field_name,
	label: m.field_label,
	gridId: m.field_grid,
	microGridId: m.field_micro_grid,
	geometry: m.field_geometry
};

/** The body as the schema's output, or 400 naming the first problem. */
export function parseBody<S extends v.GenericSchema>(schema: S, body: unknown): v.InferOutput<S> {
	if (typeof body !== 'object' || body === null || Array.isArray(body)) throw refusal(400, 'error_body_not_object');
	const result = v.safeParse(schema, body);
	if (result.success) return result.output;
	const issue = result.issues[0];
	const field = v.getDotPath(issue);
	// A missing key is reported by the object schema, not by the field's own schema.
	if (issue.type === 'object' && field && issue.input === undefined) {
		throw new HttpRefusal(400, 'error_field_missing', { what: (fieldNames[field] ?? m.field_other)(), field }, { field });
	}
	if (field === 'geometry' && issue.type === 'raw_check') {
		const problem = JSON.parse(issue.message) as Pick<GeometryProblem, 'key' | 'params'>;
		throw new HttpRefusal(400, 'error_geometry', { problem }, { field, reason: issue.expected });
	}
	const said = saidOf(issue.message);
	if (said) throw new HttpRefusal(400, said.key, said.params as never, field ? { field } : {});
	throw new HttpRefusal(400, 'error_field_invalid', { field: field ?? '' }, field ? { field } : {});
}

const historyQuery = v.object({
	limit: v.optional(v.pipe(v.string(), v.transform(Number), v.integer(), v.minValue(1), v.maxValue(200)), '50'),
	before: v.optional(v.pipe(v.string(), v.maxLength(64)))
});

/** `?limit=&before=` of the history endpoint. */
export function parseHistoryQuery(url: URL): { limit: number; before: string | null } {
	const present = Object.fromEntries([...url.searchParams].filter(([key, value]) => key in historyQuery.entries && value));
	const result = v.safeParse(historyQuery, present);
	if (!result.success) throw refusal(400, 'error_history_limit');
	return { limit: result.output.limit, before: result.output.before ?? null };
}

/** A clean Polygon or MultiPolygon, or 400 naming what is wrong with it (and where). */
export function parseGeometry(input: unknown): Polygonal {
	const check = checkPolygonal(input);
	if (check.ok) return check.geometry;
	const { key, params, code, at } = check.problem;
	throw new HttpRefusal(400, 'error_geometry', { problem: { key, params } }, { reason: code, ...(at ? { at } : {}) });
}

/** A PATCH body with nothing but `confirm` in it. */
export function changesNothing(patch: Record<string, unknown>): boolean {
	return Object.entries(patch).every(([key, value]) => key === 'confirm' || value === undefined);
}
