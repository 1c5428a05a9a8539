/**
 * Plain snapshots of the tasks in a community document, for pages and boards: the Yjs maps
 * read once into ordinary objects. Malformed entries (a forged or old client) are skipped.
 */
import * as Y from 'yjs';
import {
	progressStatuses,
	taskKinds,
	type ProgressEntry,
	type Reminder,
	type TaskKind,
	type TaskNote,
	type TaskStatus
} from './community-doc';

export type TaskView = {
	id: string;
	title: string;
	kind: TaskKind;
	instructions: string;
	createdBy: string;
	createdAt: number;
	dueAt: number | null;
	status: TaskStatus;
	round: number;
	roundOf: string | null;
	scope: string[];
	/** userId → when they acknowledged (收到). */
	acks: Record<string, number>;
	reminders: Reminder[];
	notes: TaskNote[];
	/** buildingId → household code → mark. */
	progress: Record<string, Record<string, ProgressEntry>>;
};

const str = (value: unknown, fallback = '') => (typeof value === 'string' ? value : fallback);
const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);

/** A household mark as the document should hold it; anything else (an old or forged client) is no mark. */
export function isEntry(value: unknown): value is ProgressEntry {
	if (!value || typeof value !== 'object') return false;
	const entry = value as Partial<ProgressEntry>;
	return (progressStatuses as readonly unknown[]).includes(entry.s) && typeof entry.by === 'string' && typeof entry.at === 'number';
}

/** One building's marks as a plain record. */
export function readMarks(marks: unknown): Record<string, ProgressEntry> {
	const result: Record<string, ProgressEntry> = {};
	if (!(marks instanceof Y.Map)) return result;
	for (const [code, entry] of marks.entries()) if (isEntry(entry)) result[code] = entry;
	return result;
}

export function readTask(id: string, task: Y.Map<unknown>): TaskView {
	const scope = task.get('scope');
	const acks = task.get('acks');
	const reminders = task.get('reminders');
	const notes = task.get('notes');
	const progress = task.get('progress');
	const kind = str(task.get('kind'), 'custom');
	const ackRecord: Record<string, number> = {};
	if (acks instanceof Y.Map) for (const [userId, at] of acks.entries()) if (num(at) !== null) ackRecord[userId] = at as number;
	const progressRecord: Record<string, Record<string, ProgressEntry>> = {};
	if (progress instanceof Y.Map) for (const [buildingId, marks] of progress.entries()) progressRecord[buildingId] = readMarks(marks);
	return {
		id,
		title: str(task.get('title')),
		kind: (taskKinds as readonly string[]).includes(kind) ? (kind as TaskKind) : 'custom',
		instructions: str(task.get('instructions')),
		createdBy: str(task.get('createdBy')),
		createdAt: num(task.get('createdAt')) ?? 0,
		dueAt: num(task.get('dueAt')),
		status: task.get('status') === 'closed' ? 'closed' : 'open',
		round: num(task.get('round')) ?? 1,
		roundOf: typeof task.get('roundOf') === 'string' ? (task.get('roundOf') as string) : null,
		scope: scope instanceof Y.Array ? [...new Set(scope.toArray().filter((b): b is string => typeof b === 'string'))] : [],
		acks: ackRecord,
		reminders: reminders instanceof Y.Array ? (reminders.toArray() as Reminder[]).filter((r) => r && typeof r.by === 'string' && Array.isArray(r.to)) : [],
		notes: notes instanceof Y.Array ? (notes.toArray() as TaskNote[]).filter((n) => n && typeof n.text === 'string' && typeof n.by === 'string') : [],
		progress: progressRecord
	};
}

/** Open tasks first, then newest first; ties by id. Sorts in place. */
export function sortTasks(list: TaskView[]): TaskView[] {
	return list.sort((a, b) => (a.status === b.status ? b.createdAt - a.createdAt || a.id.localeCompare(b.id) : a.status === 'open' ? -1 : 1));
}
