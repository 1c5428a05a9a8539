import * as v from 'valibot';
import {
	limits,
	progressStatuses,
	taskFields,
	taskKinds,
	taskStatuses,
	type TaskField
} from './community-doc';
import { chiefGridIds, isChiefOf, isLiaisonOf, isSecretaryOf } from './permissions';
import type { Principal } from './roles';
import type { Refusal } from './sync-protocol';

/** Array elements have no key; their path segment is `#`. */
export const elementSegment = '#';

export type WrittenContent = { kind: 'map' } | { kind: 'array' } | { kind: 'values'; values: unknown[] } | { kind: 'deleted' };

/**
 * One change an incoming update makes, at a path of the community document: an inserted
 * item (its content) or a deleted one (its values when they were plain JSON).
 */
export type LiveWrite =
	| { op: 'insert'; path: readonly string[]; content: WrittenContent }
	| { op: 'delete'; path: readonly string[]; values: unknown[] | null };

export type BuildingPlace = { gridId: string; microGridId: string };

export type LiveRuleContext = {
	principal: Principal;
	communityId: string;
	place(buildingId: string): BuildingPlace | undefined;
	/** The task's scope as it would be after the update: the document's plus what the update adds. */
	taskScope(taskId: string): readonly string[];
};

const idSchema = v.pipe(v.string(), v.minLength(1), v.maxLength(limits.idLength));
const epochSchema = v.pipe(v.number(), v.integer(), v.minValue(0));

const fieldSchemas: Record<TaskField, v.GenericSchema> = {
	title: v.pipe(v.string(), v.maxLength(limits.title)),
	kind: v.picklist(taskKinds),
	instructions: v.pipe(v.string(), v.maxLength(limits.instructions)),
	createdBy: idSchema,
	createdAt: epochSchema,
	dueAt: v.nullable(epochSchema),
	status: v.picklist(taskStatuses),
	round: v.pipe(v.number(), v.integer(), v.minValue(1)),
	roundOf: v.nullable(idSchema)
};

const progressEntrySchema = v.strictObject({
	s: v.picklist(progressStatuses),
	by: idSchema,
	at: epochSchema,
	note: v.optional(v.pipe(v.string(), v.maxLength(limits.note)))
});
const reminderSchema = v.strictObject({ by: idSchema, at: epochSchema, to: v.pipe(v.array(idSchema), v.maxLength(500)) });
const noteSchema = v.strictObject({
	by: idSchema,
	at: epochSchema,
	buildingId: v.optional(idSchema),
	text: v.pipe(v.string(), v.minLength(1), v.maxLength(limits.noteText))
});

export function canManageTask(ctx: LiveRuleContext, taskId: string): boolean {
	if (isSecretaryOf(ctx.principal, ctx.communityId)) return true;
	const grids = chiefGridIds(ctx.principal, ctx.communityId);
	if (grids.length === 0) return false;
	return ctx.taskScope(taskId).every((buildingId) => {
		const place = ctx.place(buildingId);
		return !!place && grids.includes(place.gridId);
	});
}

export function canRecordProgressIn(ctx: LiveRuleContext, buildingId: string): boolean {
	const place = ctx.place(buildingId);
	if (!place) return false;
	return (
		isSecretaryOf(ctx.principal, ctx.communityId) ||
		isChiefOf(ctx.principal, place.gridId) ||
		isLiaisonOf(ctx.principal, place.microGridId)
	);
}

type Verdict = Refusal | null;

/** Checks one write against the path rules of DESIGN.md; null when it is allowed. */
export function checkLiveWrite(write: LiveWrite, ctx: LiveRuleContext): Verdict {
	const path = write.path;
	const deny = (code: Refusal['code'] = 'forbidden'): Refusal => ({ code, detail: path.join('/') });
	// signals.* and archiving are the server's own writes, which are never checked; other roots belong to nobody.
	if (path[0] !== 'tasks' || path.length < 2 || path.some((segment) => segment.length > limits.idLength)) return deny();
	const taskId = path[1];
	if (path.length === 2) {
		return write.op === 'insert' && write.content.kind === 'map' && canManageTask(ctx, taskId) ? null : deny();
	}
	const field = path[2];
	if ((taskFields as readonly string[]).includes(field)) {
		if (path.length !== 3 || !canManageTask(ctx, taskId)) return deny();
		if (write.op === 'delete') return null;
		return checkFieldValue(field as TaskField, write.content, ctx, deny);
	}
	const rule = collectionRules[field];
	return rule ? rule(write, ctx, taskId, deny) : deny();
}

type CollectionRule = (write: LiveWrite, ctx: LiveRuleContext, taskId: string, deny: (code?: Refusal['code']) => Refusal) => Verdict;

function checkFieldValue(field: TaskField, content: WrittenContent, ctx: LiveRuleContext, deny: (code?: Refusal['code']) => Refusal): Verdict {
	if (content.kind === 'deleted') return null;
	if (content.kind !== 'values' || content.values.length !== 1) return deny('unsupported-content');
	const [value] = content.values;
	if (!v.is(fieldSchemas[field], value)) return deny('unsupported-content');
	if (field === 'createdBy' && value !== ctx.principal.userId) return deny('by-mismatch');
	return null;
}

/** The collection type itself (`tasks.<id>.scope`): created and replaced only by those who manage the task. */
function collectionItself(write: LiveWrite, ctx: LiveRuleContext, taskId: string, kind: 'map' | 'array'): boolean {
	if (!canManageTask(ctx, taskId)) return false;
	return write.op === 'delete' || write.content.kind === kind;
}

/** Each inserted value must match the schema and, where it has `by`, name the writer. */
function checkValues(write: LiveWrite, schema: v.GenericSchema, ctx: LiveRuleContext, deny: (code?: Refusal['code']) => Refusal): Verdict {
	if (write.op === 'delete' || write.content.kind === 'deleted') return null;
	if (write.content.kind !== 'values') return deny('unsupported-content');
	for (const value of write.content.values) {
		if (!v.is(schema, value)) return deny('unsupported-content');
		const by = (value as { by?: unknown }).by;
		if (by !== undefined && by !== ctx.principal.userId) return deny('by-mismatch');
	}
	return null;
}

const collectionRules: Record<string, CollectionRule> = {
	scope(write, ctx, taskId, deny) {
		if (write.path.length === 3) return collectionItself(write, ctx, taskId, 'array') ? null : deny();
		if (write.path.length !== 4 || !canManageTask(ctx, taskId)) return deny();
		return checkValues(write, v.custom((id) => typeof id === 'string' && !!ctx.place(id)), ctx, deny);
	},
	acks(write, ctx, taskId, deny) {
		if (write.path.length === 3) return collectionItself(write, ctx, taskId, 'map') ? null : deny();
		if (write.path.length !== 4) return deny();
		if (write.path[3] !== ctx.principal.userId) return deny('by-mismatch');
		return checkValues(write, epochSchema, ctx, deny);
	},
	reminders(write, ctx, taskId, deny) {
		if (write.path.length === 3) return collectionItself(write, ctx, taskId, 'array') ? null : deny();
		if (write.path.length !== 4 || !canManageTask(ctx, taskId)) return deny();
		return checkValues(write, reminderSchema, ctx, deny);
	},
	progress(write, ctx, taskId, deny) {
		const { path } = write;
		if (path.length === 3) return collectionItself(write, ctx, taskId, 'map') ? null : deny();
		const buildingId = path[3];
		if (path.length === 4) {
			// Replacing a building's map would wipe everyone's marks in it.
			if (write.op === 'delete') return canManageTask(ctx, taskId) ? null : deny();
			return write.content.kind === 'map' && canRecordProgressIn(ctx, buildingId) ? null : deny();
		}
		if (path.length !== 5 || !canRecordProgressIn(ctx, buildingId)) return deny();
		return checkValues(write, progressEntrySchema, ctx, deny);
	},
	notes(write, ctx, taskId, deny) {
		if (write.path.length === 3) return collectionItself(write, ctx, taskId, 'array') ? null : deny();
		if (write.path.length !== 4) return deny();
		if (write.op === 'insert') return checkValues(write, noteSchema, ctx, deny);
		const own = write.values?.every((note) => (note as { by?: unknown })?.by === ctx.principal.userId) ?? false;
		return own || canManageTask(ctx, taskId) ? null : deny();
	}
};
