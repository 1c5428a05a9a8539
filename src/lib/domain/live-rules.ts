import * as v from 'valibot';
import {
	limits,
	progressStatuses,
	taskFields,
	taskKinds,
	taskStatuses,
	type TaskField
} from './community-doc';
import { isCleanText, isDueTime, isEventTime } from './live-values';
import { mayManageTask, mayRecordProgress, mayTakePartInTask, type BuildingPlace, type Standing } from './permissions';
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

export type { BuildingPlace } from './permissions';

export type LiveRuleContext = {
	principal: Principal;
	communityId: string;
	/** The principal's standing in the community, computed once per update (`standingIn`). */
	standing: Standing;
	place(buildingId: string): BuildingPlace | undefined;
	/** The task's scope as it would be after the update: the document's plus what the update adds. */
	taskScope(taskId: string): readonly string[];
	/** Whether a task id was ever used, in this community or any other (an archived task's id is never taken again). */
	taskIdTaken(taskId: string): boolean;
	/** The server's clock, for the bounds on times. */
	now: number;
	/** Answers per task, so a big update costs one scope walk per task, not one per write. */
	memo?: Map<string, boolean>;
};

const cleanText = v.check<string>(isCleanText);
const idSchema = v.pipe(v.string(), v.minLength(1), v.maxLength(limits.idLength), cleanText);
const textSchema = (max: number) => v.pipe(v.string(), v.maxLength(max), cleanText);

/** The value schemas at one server time (times are bounded relative to it). */
function valueSchemas(now: number) {
	const eventTime = v.custom<number>((value) => isEventTime(value, now), 'time out of range');
	const dueTime = v.custom<number>((value) => isDueTime(value, now), 'due time out of range');
	const fields: Record<TaskField, v.GenericSchema> = {
		title: textSchema(limits.title),
		kind: v.picklist(taskKinds),
		instructions: textSchema(limits.instructions),
		createdBy: idSchema,
		createdAt: eventTime,
		dueAt: v.nullable(dueTime),
		status: v.picklist(taskStatuses),
		round: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(10_000)),
		roundOf: v.nullable(idSchema)
	};
	return {
		fields,
		eventTime,
		progressEntry: v.strictObject({ s: v.picklist(progressStatuses), by: idSchema, at: eventTime, note: v.optional(textSchema(limits.note)) }),
		reminder: v.strictObject({ by: idSchema, at: eventTime, to: v.pipe(v.array(idSchema), v.maxLength(500)) }),
		note: v.strictObject({ by: idSchema, at: eventTime, buildingId: v.optional(idSchema), text: v.pipe(textSchema(limits.noteText), v.minLength(1)) })
	};
}

// Built once a minute, not once per write: a minute's drift is nothing against the bounds.
let schemasAt: { minute: number; schemas: ReturnType<typeof valueSchemas> } | null = null;
function schemasFor(now: number): ReturnType<typeof valueSchemas> {
	const minute = Math.floor(now / 60_000);
	if (schemasAt?.minute !== minute) schemasAt = { minute, schemas: valueSchemas(minute * 60_000) };
	return schemasAt.schemas;
}

function remembered(ctx: LiveRuleContext, key: string, answer: () => boolean): boolean {
	if (!ctx.memo) return answer();
	let known = ctx.memo.get(key);
	if (known === undefined) ctx.memo.set(key, (known = answer()));
	return known;
}

function canManageTask(ctx: LiveRuleContext, taskId: string): boolean {
	return remembered(ctx, `manage ${taskId}`, () => mayManageTask(ctx.standing, ctx.taskScope(taskId), (id) => ctx.place(id)));
}

function canTakePartInTask(ctx: LiveRuleContext, taskId: string): boolean {
	return canManageTask(ctx, taskId) || remembered(ctx, `part ${taskId}`, () => mayTakePartInTask(ctx.standing, ctx.taskScope(taskId), (id) => ctx.place(id)));
}

function canRecordProgressIn(ctx: LiveRuleContext, buildingId: string): boolean {
	return mayRecordProgress(ctx.standing, ctx.place(buildingId));
}

type Verdict = Refusal | null;

/** Checks one write against the path rules below (who may write where, and what); null when it is allowed. */
export function checkLiveWrite(write: LiveWrite, ctx: LiveRuleContext): Verdict {
	const path = write.path;
	const deny = (code: Refusal['code'] = 'forbidden'): Refusal => ({ code, detail: path.join('/') });
	// signals.* and archiving are the server's own writes, which are never checked; other roots belong to nobody.
	if (path[0] !== 'tasks' || path.length < 2 || !path.every(isPathSegment)) return deny();
	const taskId = path[1];
	if (path.length === 2) {
		// A task map is never replaced or deleted by a client, and an id once used is never used again.
		if (write.op !== 'insert' || write.content.kind !== 'map' || ctx.taskIdTaken(taskId)) return deny();
		return canManageTask(ctx, taskId) ? null : deny();
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
	if (!v.is(schemasFor(ctx.now).fields[field], value)) return deny('unsupported-content');
	if (field === 'createdBy' && value !== ctx.principal.userId) return deny('by-mismatch');
	return null;
}

/**
 * The collection type itself (`tasks.<id>.scope`): created with the task by those who manage it,
 * never deleted or replaced (that would wipe everyone's acks, marks or notes at once).
 */
function collectionItself(write: LiveWrite, ctx: LiveRuleContext, taskId: string, kind: 'map' | 'array'): boolean {
	return write.op === 'insert' && write.content.kind === kind && canManageTask(ctx, taskId);
}

/** Keys of the document: ids and household codes, short and free of control characters. */
function isPathSegment(segment: string): boolean {
	return segment.length <= limits.idLength && isCleanText(segment);
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
		if (!canTakePartInTask(ctx, taskId)) return deny();
		return checkValues(write, schemasFor(ctx.now).eventTime, ctx, deny);
	},
	reminders(write, ctx, taskId, deny) {
		if (write.path.length === 3) return collectionItself(write, ctx, taskId, 'array') ? null : deny();
		if (write.path.length !== 4 || !canManageTask(ctx, taskId)) return deny();
		return checkValues(write, schemasFor(ctx.now).reminder, ctx, deny);
	},
	progress(write, ctx, taskId, deny) {
		const { path } = write;
		if (path.length === 3) return collectionItself(write, ctx, taskId, 'map') ? null : deny();
		const buildingId = path[3];
		if (path.length === 4) {
			// Deleting or replacing a building's map would wipe everyone's marks in it; scope changes keep them.
			if (write.op === 'delete') return deny();
			return write.content.kind === 'map' && canRecordProgressIn(ctx, buildingId) ? null : deny();
		}
		if (path.length !== 5 || !canRecordProgressIn(ctx, buildingId)) return deny();
		return checkValues(write, schemasFor(ctx.now).progressEntry, ctx, deny);
	},
	notes(write, ctx, taskId, deny) {
		if (write.path.length === 3) return collectionItself(write, ctx, taskId, 'array') ? null : deny();
		if (write.path.length !== 4 || !canTakePartInTask(ctx, taskId)) return deny();
		if (write.op === 'insert') return checkValues(write, schemasFor(ctx.now).note, ctx, deny);
		const own = write.values?.every((note) => (note as { by?: unknown })?.by === ctx.principal.userId) ?? false;
		return own || canManageTask(ctx, taskId) ? null : deny();
	}
};
