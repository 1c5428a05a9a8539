import * as Y from 'yjs';
import { taskFields, type ProgressEntry } from '../../src/lib/domain/community-doc';
import type { LiveWrite } from '../../src/lib/domain/live-rules';
import { displayableTime } from '../../src/lib/domain/live-values';
import type { progressEvents, taskAcks, tasks } from '../../src/lib/server/db/schema';

export type ProgressRow = typeof progressEvents.$inferInsert;
export type TaskRow = typeof tasks.$inferInsert & { id: string };
/** An acknowledgement as the document now has it; `ackedAt` null when it was taken back. */
export type AckRow = Omit<typeof taskAcks.$inferInsert, 'ackedAt' | 'storedAt'> & { ackedAt: Date | null };

export type Projection = { progress: ProgressRow[]; tasks: TaskRow[]; acks: AckRow[] };

/** Paths under a task whose change alters its `tasks` row. */
const taskLevel = new Set<string>([...taskFields, 'scope', 'reminders']);

/**
 * Values as the database can take them. The write rules keep bad values out of the document,
 * but a document written before they existed may hold a NUL (PostgreSQL refuses it) or a time
 * no Date can hold; such a value must never stop the projection of everything else.
 */
const storable = (text: string) => text.replace(/\u0000/g, '');
const dateOf = (value: unknown) => {
	const time = displayableTime(value);
	return time === null ? null : new Date(time);
};

function taskMap(doc: Y.Doc, taskId: string): Y.Map<unknown> | undefined {
	const task = doc.getMap('tasks').get(taskId);
	return task instanceof Y.Map ? task : undefined;
}

/**
 * What an applied update changed, as rows: one progress event per household it touched
 * (its mark as the document now has it, or `cleared`), the new state of each task whose
 * own fields, scope or reminders it touched, and each acknowledgement it touched.
 *
 * A mark into a task the document no longer holds (a phone that marked offline across the
 * archive; the write check placed it through the archived paths) is projected from the value
 * the write carries: Yjs keeps only a tombstone of it. Other late writes into an archived task
 * (acknowledgements, fields) project nothing.
 */
export function projectWrites(doc: Y.Doc, communityId: string, writerId: string, writes: readonly LiveWrite[], now = new Date()): Projection {
	const households = new Map<string, [string, string, string]>();
	/** Per household of an archived task, the value its last write carries. */
	const carried = new Map<string, unknown>();
	const touchedTasks = new Set<string>();
	const acks = new Map<string, [string, string]>();
	const allAcksOf = new Set<string>();
	for (const write of writes) {
		const { path } = write;
		if (path[0] !== 'tasks' || path.length < 2) continue;
		const taskId = path[1];
		if (path[2] === 'progress' && path.length === 5) {
			const key = path.slice(1).join('\u0000');
			households.set(key, [taskId, path[3], path[4]]);
			if (write.op === 'insert' && write.content.kind === 'values') carried.set(key, write.content.values.at(-1));
		}
		if (path.length === 2 || taskLevel.has(path[2])) touchedTasks.add(taskId);
		if (path[2] === 'acks' && path.length === 4) acks.set(`${taskId}\u0000${path[3]}`, [taskId, path[3]]);
		// A new task, or a new acks map: every acknowledgement it holds.
		if (path.length === 2 || (path[2] === 'acks' && path.length === 3)) allAcksOf.add(taskId);
	}
	const progress: ProgressRow[] = [];
	for (const [key, [taskId, buildingId, householdCode]] of households) {
		const task = taskMap(doc, taskId);
		let entry: ProgressEntry | undefined;
		if (task) {
			const building = task.get('progress');
			const marks = building instanceof Y.Map ? building.get(buildingId) : undefined;
			entry = marks instanceof Y.Map ? (marks.get(householdCode) as ProgressEntry | undefined) : undefined;
		} else {
			// Archived: only a mark carried by the write (a clear cannot reach a forgotten mark).
			const value = carried.get(key);
			if (typeof value !== 'object' || value === null) continue;
			entry = value as ProgressEntry;
		}
		progress.push({
			communityId,
			taskId: storable(taskId),
			buildingId: storable(buildingId),
			householdCode: storable(householdCode),
			status: typeof entry?.s === 'string' ? storable(entry.s) : 'cleared',
			note: typeof entry?.note === 'string' ? storable(entry.note) : null,
			userId: storable(typeof entry?.by === 'string' ? entry.by : writerId),
			recordedAt: (entry && dateOf(entry.at)) || now
		});
	}
	const taskRows: TaskRow[] = [];
	for (const taskId of touchedTasks) {
		const task = taskMap(doc, taskId);
		if (task) taskRows.push(taskRowOf(communityId, taskId, task, now));
	}
	for (const taskId of allAcksOf) {
		const map = taskMap(doc, taskId)?.get('acks');
		if (map instanceof Y.Map) for (const userId of map.keys()) acks.set(`${taskId}\u0000${userId}`, [taskId, userId]);
	}
	const ackRows: AckRow[] = [];
	for (const [taskId, userId] of acks.values()) {
		const task = taskMap(doc, taskId);
		if (!task) continue;
		const map = task.get('acks');
		const at = map instanceof Y.Map ? map.get(userId) : undefined;
		ackRows.push({ taskId: storable(taskId), communityId, userId: storable(userId), ackedAt: dateOf(at) });
	}
	return { progress, tasks: taskRows, acks: ackRows };
}

/**
 * The task's row as the document now has it. `closedAt` is the projection time when the task
 * is closed; the upsert keeps an earlier closing time (see `upsertTasks`), since the document
 * itself holds no closing time.
 */
function taskRowOf(communityId: string, id: string, task: Y.Map<unknown>, now: Date): TaskRow {
	const text = (key: string) => (typeof task.get(key) === 'string' ? storable(task.get(key) as string) : null);
	const number = (key: string) => (Number.isSafeInteger(task.get(key)) ? (task.get(key) as number) : null);
	const date = (key: string) => dateOf(task.get(key));
	const scope = task.get('scope');
	const reminders = task.get('reminders');
	const status = text('status') ?? 'open';
	return {
		id: storable(id),
		communityId,
		title: text('title') ?? '',
		kind: text('kind') ?? 'custom',
		instructions: text('instructions') ?? '',
		status,
		round: Math.min(Math.max(number('round') ?? 1, 1), 10_000),
		roundOf: text('roundOf'),
		createdBy: text('createdBy'),
		createdAt: date('createdAt'),
		dueAt: date('dueAt'),
		closedAt: status === 'closed' ? now : null,
		scope: scope instanceof Y.Array ? [...new Set(scope.toArray().filter((b): b is string => typeof b === 'string').map(storable))] : [],
		reminders: reminders instanceof Y.Array ? reminders.length : 0
	};
}
