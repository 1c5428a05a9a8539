import type { TaskBuilding } from '$lib/domain/task-context';
import type { TaskSummary } from '$lib/domain/task-report';
import { scopeProgress } from '$lib/domain/task-scope';
import type { TaskView } from '$lib/domain/task-view';

/** A closed task as the history lists it: final figures, whether they came from the server or the live copy. */
export type HistoryRow = Omit<TaskSummary, 'status' | 'dueAt' | 'roundOf'>;

/**
 * The server's list (from the projection, archived tasks included) plus closed tasks the live
 * copy has that it does not list yet (closed a moment ago, or while offline). Newest closing first.
 */
export function historyRows(
	server: readonly TaskSummary[],
	liveClosed: readonly TaskView[],
	buildings: ReadonlyMap<string, TaskBuilding>
): HistoryRow[] {
	const listed = new Set(server.map((task) => task.id));
	const rows: HistoryRow[] = server.map((task) => ({
		id: task.id,
		title: task.title,
		kind: task.kind,
		round: task.round,
		createdAt: task.createdAt,
		closedAt: task.closedAt,
		buildings: task.buildings,
		total: task.total,
		done: task.done,
		acks: task.acks
	}));
	for (const task of liveClosed) {
		if (listed.has(task.id)) continue;
		const { done, total } = scopeProgress(task.scope, task.progress, buildings);
		rows.push({
			id: task.id,
			title: task.title,
			kind: task.kind,
			round: task.round,
			createdAt: task.createdAt,
			closedAt: null,
			buildings: task.scope.length,
			total,
			done,
			acks: Object.keys(task.acks).length
		});
	}
	const when = (row: HistoryRow) => row.closedAt ?? row.createdAt ?? 0;
	return rows.sort((a, b) => when(b) - when(a) || a.id.localeCompare(b.id));
}
