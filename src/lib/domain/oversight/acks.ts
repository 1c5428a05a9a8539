/**
 * 收到 on the dashboard: of the open tasks a liaison was expected to acknowledge (a building of
 * the task's scope lies in one of its micro-grids), how many it acknowledged, and how fast
 * (median time from the task's creation to the ack). One definition, here.
 */
export type AckTask = { id: string; title: string; status: string; createdAt: number | null; dueAt: number | null; scope: readonly string[] };
export type TaskAck = { taskId: string; userId: string; ackedAt: number };
export type AckFigures = { expected: number; acked: number; medianAckMs: number | null };

/** The liaisons expected to acknowledge a task: those of the micro-grids its scope touches. */
export function expectedAckers(task: AckTask, liaisonsOfBuilding: ReadonlyMap<string, readonly string[]>): Set<string> {
	const ackers = new Set<string>();
	for (const buildingId of task.scope) for (const userId of liaisonsOfBuilding.get(buildingId) ?? []) ackers.add(userId);
	return ackers;
}

export function median(values: readonly number[]): number | null {
	if (values.length === 0) return null;
	const sorted = [...values].sort((a, b) => a - b);
	const middle = sorted.length >> 1;
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const ackKey = (taskId: string, userId: string) => `${taskId}\u0000${userId}`;

/**
 * Figures over the open tasks, per group of liaisons: `groupOf` names a liaison's group (itself
 * for the liaison table, its grid for the grid table). Groups expected nowhere are absent.
 */
export function ackFiguresBy(
	tasks: readonly AckTask[],
	acks: readonly TaskAck[],
	liaisonsOfBuilding: ReadonlyMap<string, readonly string[]>,
	groupOf: (userId: string) => string | null = (userId) => userId
): Map<string, AckFigures> {
	const ackAt = new Map(acks.map((ack) => [ackKey(ack.taskId, ack.userId), ack.ackedAt]));
	const delays = new Map<string, number[]>();
	const figures = new Map<string, AckFigures>();
	for (const task of tasks) {
		if (task.status !== 'open') continue;
		for (const userId of expectedAckers(task, liaisonsOfBuilding)) {
			const group = groupOf(userId);
			if (group === null) continue;
			const row = figures.get(group) ?? { expected: 0, acked: 0, medianAckMs: null };
			row.expected++;
			const at = ackAt.get(ackKey(task.id, userId));
			if (at !== undefined) {
				row.acked++;
				if (task.createdAt !== null) delays.set(group, [...(delays.get(group) ?? []), Math.max(0, at - task.createdAt)]);
			}
			figures.set(group, row);
		}
	}
	for (const [group, row] of figures) row.medianAckMs = median(delays.get(group) ?? []);
	return figures;
}

/** Open tasks past their due time whose expected liaisons have not all acknowledged: who is missing. */
export function pastDueUnacked(
	tasks: readonly AckTask[],
	acks: readonly TaskAck[],
	liaisonsOfBuilding: ReadonlyMap<string, readonly string[]>,
	now: number
): { task: AckTask; missing: string[] }[] {
	const acked = new Set(acks.map((ack) => ackKey(ack.taskId, ack.userId)));
	return tasks
		.filter((task) => task.status === 'open' && task.dueAt !== null && task.dueAt < now)
		.map((task) => ({ task, missing: [...expectedAckers(task, liaisonsOfBuilding)].filter((userId) => !acked.has(ackKey(task.id, userId))).sort() }))
		.filter((row) => row.missing.length > 0);
}
