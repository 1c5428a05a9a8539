import * as v from 'valibot';
import { affiliations, roles } from '../domain/roles';

// Issue messages are message-catalogue keys, so routes can answer in the user's language.
export type InputErrorKey =
	| 'error_name_required'
	| 'error_phone_format'
	| 'error_username_format'
	| 'error_affiliation'
	| 'error_org_required'
	| 'error_role'
	| 'error_scope_grid'
	| 'error_scope_micro_grid'
	| 'error_scope_org';

const optionalId = v.optional(v.pipe(v.string(), v.trim(), v.maxLength(64)));
const checkbox = v.pipe(
	v.optional(v.string(), ''),
	v.transform((value) => value === 'on' || value === 'true')
);

export const personDetailsSchema = v.pipe(
	v.object({
		displayName: v.pipe(v.string('error_name_required'), v.trim(), v.minLength(1, 'error_name_required'), v.maxLength(40, 'error_name_required')),
		phone: v.pipe(v.string('error_phone_format'), v.trim(), v.regex(/^1\d{10}$/, 'error_phone_format')),
		partyMember: checkbox,
		/** 同意在公示牌公开电话: stored only for whoever may manage the public side (mayManagePublicSide). */
		publicContact: checkbox,
		affiliation: v.picklist(affiliations, 'error_affiliation'),
		affiliationOrgId: optionalId
	}),
	v.forward(
		v.check((input) => input.affiliation !== 'property_staff' || !!input.affiliationOrgId, 'error_org_required'),
		['affiliationOrgId']
	)
);

export const usernameSchema = v.pipe(
	v.string('error_username_format'),
	v.trim(),
	v.toLowerCase(),
	v.regex(/^[a-z0-9_.-]{2,32}$/, 'error_username_format')
);

export const roleAssignmentSchema = v.pipe(
	v.object({
		role: v.picklist(roles, 'error_role'),
		gridId: optionalId,
		microGridId: optionalId,
		orgId: optionalId
	}),
	v.forward(v.check((i) => i.role !== 'chief' || !!i.gridId, 'error_scope_grid'), ['gridId']),
	v.forward(v.check((i) => i.role !== 'liaison' || !!i.microGridId, 'error_scope_micro_grid'), ['microGridId']),
	v.forward(v.check((i) => i.role !== 'property' || !!i.orgId, 'error_scope_org'), ['orgId'])
);

export const newPersonSchema = v.intersect([
	personDetailsSchema,
	v.object({ username: usernameSchema }),
	roleAssignmentSchema
]);

export type PersonDetails = v.InferOutput<typeof personDetailsSchema>;
export type RoleAssignment = v.InferOutput<typeof roleAssignmentSchema>;
export type NewPerson = v.InferOutput<typeof newPersonSchema>;

/** Field name → message key of the first problem with it. */
export type FieldErrors = Record<string, InputErrorKey>;

export function parseInput<S extends v.GenericSchema>(
	schema: S,
	input: unknown
): { ok: true; value: v.InferOutput<S> } | { ok: false; errors: FieldErrors } {
	const result = v.safeParse(schema, input);
	if (result.success) return { ok: true, value: result.output };
	const errors: FieldErrors = {};
	for (const issue of result.issues) {
		const field = v.getDotPath(issue) ?? 'form';
		errors[field] ??= issue.message as InputErrorKey;
	}
	return { ok: false, errors };
}

export function formObject(data: FormData): Record<string, string> {
	const object: Record<string, string> = {};
	for (const [key, value] of data) if (typeof value === 'string') object[key] = value;
	return object;
}
