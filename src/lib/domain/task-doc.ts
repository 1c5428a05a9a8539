import * as Y from 'yjs';
import type { ProgressEntry, ProgressStatus, Reminder, TaskKind, TaskNote } from './community-doc';

export type NewTask = {
	id: string;
	title: string;
	kind: TaskKind;
	instructions: string;
	createdBy: string;
	createdAt: number;
	dueAt: number | null;
	scope: readonly string[];
	round?: number;
	roundOf?: string | null;
};

export function tasksOf(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
	return doc.getMap('tasks');
}

export function taskOf(doc: Y.Doc, taskId: string): Y.Map<unknown> | undefined {
	const task = tasksOf(doc).get(taskId);
	return task instanceof Y.Map ? task : undefined;
}

/**
 * Creates a task with every nested type it will need, including one progress map per
 * building: were two liaisons to create the same building's map concurrently, one map
 * (and its marks) would lose.
 */
export function createTask(doc: Y.Doc, task: NewTask): void {
	doc.transact(() => {
		const map = new Y.Map<unknown>();
		tasksOf(doc).set(task.id, map);
		map.set('title', task.title);
		map.set('kind', task.kind);
		map.set('instructions', task.instructions);
		map.set('createdBy', task.createdBy);
		map.set('createdAt', task.createdAt);
		map.set('dueAt', task.dueAt);
		map.set('status', 'open');
		map.set('round', task.round ?? 1);
		map.set('roundOf', task.roundOf ?? null);
		const scope = new Y.Array<string>();
		map.set('scope', scope);
		scope.push([...task.scope]);
		map.set('acks', new Y.Map<number>());
		map.set('reminders', new Y.Array());
		map.set('notes', new Y.Array());
		const progress = new Y.Map<Y.Map<ProgressEntry>>();
		map.set('progress', progress);
		for (const buildingId of task.scope) progress.set(buildingId, new Y.Map<ProgressEntry>());
	});
}

export function acknowledge(doc: Y.Doc, taskId: string, userId: string, at = Date.now()): void {
	const acks = taskOf(doc, taskId)?.get('acks');
	if (!(acks instanceof Y.Map)) throw new Error(`task ${taskId} has no acks`);
	acks.set(userId, at);
}

/** Sets (or with `null` clears) one household's mark. */
export function markHousehold(
	doc: Y.Doc,
	taskId: string,
	buildingId: string,
	householdCode: string,
	mark: { s: ProgressStatus; by: string; at?: number; note?: string } | null
): void {
	const progress = taskOf(doc, taskId)?.get('progress');
	if (!(progress instanceof Y.Map)) throw new Error(`task ${taskId} has no progress`);
	doc.transact(() => {
		let building = progress.get(buildingId);
		if (!(building instanceof Y.Map)) {
			building = new Y.Map<ProgressEntry>();
			progress.set(buildingId, building);
		}
		const marks = building as Y.Map<ProgressEntry>;
		if (mark === null) marks.delete(householdCode);
		else marks.set(householdCode, { s: mark.s, by: mark.by, at: mark.at ?? Date.now(), ...(mark.note ? { note: mark.note } : {}) });
	});
}

export function addNote(doc: Y.Doc, taskId: string, note: TaskNote): void {
	const notes = taskOf(doc, taskId)?.get('notes');
	if (!(notes instanceof Y.Array)) throw new Error(`task ${taskId} has no notes`);
	notes.push([note]);
}

export function setTaskField(doc: Y.Doc, taskId: string, field: 'title' | 'instructions' | 'dueAt' | 'status', value: string | number | null): void {
	const task = taskOf(doc, taskId);
	if (!task) throw new Error(`task ${taskId} does not exist`);
	task.set(field, value);
}

/** Roll-call: one reminder to the liaisons in `to` who have not acknowledged yet. */
export function sendReminder(doc: Y.Doc, taskId: string, reminder: Reminder): void {
	const reminders = taskOf(doc, taskId)?.get('reminders');
	if (!(reminders instanceof Y.Array)) throw new Error(`task ${taskId} has no reminders`);
	reminders.push([{ by: reminder.by, at: reminder.at, to: [...reminder.to] }]);
}

/**
 * Replaces the scope with `scope`. Buildings that leave keep their marks in the document (and
 * in progress_events) but no longer count; buildings that join get their progress map now.
 */
export function setScope(doc: Y.Doc, taskId: string, scope: readonly string[]): void {
	const task = taskOf(doc, taskId);
	const list = task?.get('scope');
	const progress = task?.get('progress');
	if (!(list instanceof Y.Array) || !(progress instanceof Y.Map)) throw new Error(`task ${taskId} has no scope`);
	const wanted = [...new Set(scope)];
	doc.transact(() => {
		const current = list.toArray() as string[];
		for (let index = current.length - 1; index >= 0; index--) if (!wanted.includes(current[index])) list.delete(index, 1);
		const kept = new Set(list.toArray() as string[]);
		const added = wanted.filter((buildingId) => !kept.has(buildingId));
		if (added.length > 0) list.push(added);
		for (const buildingId of added) if (!(progress.get(buildingId) instanceof Y.Map)) progress.set(buildingId, new Y.Map<ProgressEntry>());
	});
}

export function closeTask(doc: Y.Doc, taskId: string): void {
	setTaskField(doc, taskId, 'status', 'closed');
}

export function reopenTask(doc: Y.Doc, taskId: string): void {
	setTaskField(doc, taskId, 'status', 'open');
}

/**
 * A new round of a task (weekly rounds): same title, kind, instructions and buildings, fresh
 * progress. Rounds chain to the first task, so history can list them together.
 */
export function startNextRound(
	doc: Y.Doc,
	fromTaskId: string,
	next: { id: string; createdBy: string; createdAt: number; dueAt: number | null }
): void {
	const from = taskOf(doc, fromTaskId);
	if (!from) throw new Error(`task ${fromTaskId} does not exist`);
	const scope = from.get('scope');
	const text = (key: string) => (typeof from.get(key) === 'string' ? (from.get(key) as string) : '');
	const round = typeof from.get('round') === 'number' ? (from.get('round') as number) : 1;
	const roundOf = typeof from.get('roundOf') === 'string' && from.get('roundOf') ? (from.get('roundOf') as string) : fromTaskId;
	createTask(doc, {
		...next,
		title: text('title'),
		kind: (text('kind') || 'custom') as TaskKind,
		instructions: text('instructions'),
		scope: scope instanceof Y.Array ? (scope.toArray() as string[]) : [],
		round: round + 1,
		roundOf
	});
}
