import * as Y from 'yjs';
import { householdCode, householdDoors } from '../../src/lib/domain/households';

/** Every bench building has 2 units × 6 floors × 4 rooms: 48 households. */
export const benchBuilding = { units: 2, floors: 6, roomsPerFloor: 4 } as const;

export const benchDoors: readonly string[] = householdDoors(
	benchBuilding.units,
	benchBuilding.floors,
	benchBuilding.roomsPerFloor
).map(householdCode);

export type TaskSeed = { taskId: string; userId: string; buildingIds: string[] };

type TaskMap = Y.Map<unknown>;

function progressOf(task: unknown): Y.Map<unknown> | null {
	if (!(task instanceof Y.Map)) return null;
	const progress = task.get('progress');
	return progress instanceof Y.Map ? progress : null;
}

/** The task whose progress map already holds every one of these buildings, if any. */
export function findTask(doc: Y.Doc, buildingIds: string[]): TaskMap | null {
	for (const task of doc.getMap('tasks').values()) {
		const progress = progressOf(task);
		if (progress && buildingIds.every((id) => progress.get(id) instanceof Y.Map)) return task as TaskMap;
	}
	return null;
}

/** The progress map of one building, once some task holds it. */
export function buildingProgress(doc: Y.Doc, buildingId: string): Y.Map<unknown> | null {
	const building = progressOf(findTask(doc, [buildingId]))?.get(buildingId);
	return building instanceof Y.Map ? building : null;
}

/** A door-to-door check over the writers' buildings, shaped as the app writes a task. */
export function createTask(doc: Y.Doc, seed: TaskSeed, origin: unknown): void {
	doc.transact(() => {
		const now = Date.now();
		const task = new Y.Map<unknown>();
		task.set('title', '入户走访（压测）');
		task.set('kind', 'check');
		task.set('instructions', '逐户走访并记录');
		task.set('createdBy', seed.userId);
		task.set('createdAt', now);
		task.set('dueAt', now + 7 * 24 * 60 * 60 * 1000);
		task.set('status', 'open');
		task.set('round', 1);
		task.set('scope', Y.Array.from(seed.buildingIds));
		task.set('acks', new Y.Map());
		task.set('reminders', new Y.Array());
		task.set('notes', new Y.Array());
		const progress = new Y.Map<unknown>();
		for (const id of seed.buildingIds) progress.set(id, new Y.Map());
		task.set('progress', progress);
		doc.getMap('tasks').set(seed.taskId, task);
	}, origin);
}
