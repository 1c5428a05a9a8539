import * as Y from 'yjs';
import { taskFields, type ProgressEntry } from '../../src/lib/domain/community-doc';
import type { LiveWrite } from '../../src/lib/domain/live-rules';
import type { progressEvents, tasks } from '../../src/lib/server/db/schema';

export type ProgressRow = typeof progressEvents.$inferInsert;
export type TaskRow = typeof tasks.$inferInsert & { id: string };

type Projection = { progress: ProgressRow[]; tasks: TaskRow[] };

const taskLevel = new Set<string>([...taskFields, 'scope']);

function taskMap(doc: Y.Doc, taskId: string): Y.Map<unknown> | undefined {
	const task = doc.getMap('tasks').get(taskId);
	return task instanceof Y.Map ? task : undefined;
}

/**
 * What an applied update changed, as rows: one progress event per household it touched
 * (its mark as the document now has it, or `cleared`), and the new state of each task whose
 * own fields or scope it touched.
 */
export function projectWrites(doc: Y.Doc, communityId: string, writerId: string, writes: readonly LiveWrite[]): Projection {
	const households = new Map<string, [string, string, string]>();
	const touchedTasks = new Set<string>();
	for (const { path } of writes) {
		if (path[0] !== 'tasks' || path.length < 2) continue;
		if (path[2] === 'progress' && path.length === 5) households.set(path.slice(1).join('\u0000'), [path[1], path[3], path[4]]);
		if (path.length === 2 || taskLevel.has(path[2])) touchedTasks.add(path[1]);
	}
	const now = new Date();
	const progress: ProgressRow[] = [];
	for (const [taskId, buildingId, householdCode] of households.values()) {
		const building = taskMap(doc, taskId)?.get('progress');
		const marks = building instanceof Y.Map ? building.get(buildingId) : undefined;
		const entry = marks instanceof Y.Map ? (marks.get(householdCode) as ProgressEntry | undefined) : undefined;
		progress.push({
			communityId,
			taskId,
			buildingId,
			householdCode,
			status: entry?.s ?? 'cleared',
			note: entry?.note ?? null,
			userId: entry?.by ?? writerId,
			recordedAt: entry ? new Date(entry.at) : now
		});
	}
	const taskRows: TaskRow[] = [];
	for (const taskId of touchedTasks) {
		const task = taskMap(doc, taskId);
		if (task) taskRows.push(taskRowOf(communityId, taskId, task, now));
	}
	return { progress, tasks: taskRows };
}

function taskRowOf(communityId: string, id: string, task: Y.Map<unknown>, now: Date): TaskRow {
	const text = (key: string) => (typeof task.get(key) === 'string' ? (task.get(key) as string) : null);
	const number = (key: string) => (typeof task.get(key) === 'number' ? (task.get(key) as number) : null);
	const date = (key: string) => (number(key) === null ? null : new Date(number(key) as number));
	const scope = task.get('scope');
	const status = text('status') ?? 'open';
	return {
		id,
		communityId,
		title: text('title') ?? '',
		kind: text('kind') ?? 'custom',
		status,
		round: number('round') ?? 1,
		roundOf: text('roundOf'),
		createdBy: text('createdBy'),
		createdAt: date('createdAt'),
		dueAt: date('dueAt'),
		closedAt: status === 'closed' ? now : null,
		scope: scope instanceof Y.Array ? scope.toArray().filter((b): b is string => typeof b === 'string') : []
	};
}
