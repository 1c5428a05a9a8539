/**
 * One task's progress as a stream of small changes: whoever draws progress (the task map, a
 * board) gets the whole scope once, then each household mark as it changes, instead of
 * re-reading the task on every tap. Plain Yjs, no Svelte and no map, so it runs in Node tests
 * and benchmarks as it runs in the page.
 */
import * as Y from 'yjs';
import type { ProgressEntry } from '$lib/domain/community-doc';
import { taskOf, tasksOf } from '$lib/domain/task-doc';
import { isEntry, readTask } from '$lib/domain/task-view';

export type ProgressSeed = {
	/** False when the task is not (or no longer) in the document. */
	exists: boolean;
	scope: string[];
	/** buildingId → household code → mark, for every building with marks. */
	progress: Record<string, Record<string, ProgressEntry>>;
};

export type ProgressFeedListener = {
	/** Start over from this: the first read, a scope edit, a replaced task or progress map. */
	seed(seed: ProgressSeed): void;
	/** One household's mark changed; `entry` null when it was cleared (or is malformed). */
	mark(buildingId: string, code: string, entry: ProgressEntry | null, previous: ProgressEntry | null): void;
	/** The end of one document transaction: a good moment to push the changes out. */
	flush(): void;
};

/** A mark as the document holds it, or null for anything that is not a valid mark. */
export function validEntry(value: unknown): ProgressEntry | null {
	return isEntry(value) ? value : null;
}

function seedOf(doc: Y.Doc, taskId: string): ProgressSeed {
	const task = taskOf(doc, taskId);
	if (!task) return { exists: false, scope: [], progress: {} };
	const view = readTask(taskId, task);
	return { exists: true, scope: view.scope, progress: view.progress };
}

/**
 * Feeds `listener` with task `taskId` of `doc` (seeded at once) until the returned function is
 * called. Marks reach it from the transaction's own observer call, so a local tap and a remote
 * update both arrive synchronously with the document change.
 */
export function watchTaskProgress(doc: Y.Doc, taskId: string, listener: ProgressFeedListener): () => void {
	const tasks = tasksOf(doc);
	let task: Y.Map<unknown> | undefined;

	const reseed = () => {
		listener.seed(seedOf(doc, taskId));
		listener.flush();
	};

	const onTaskChange = (events: Y.YEvent<Y.AbstractType<unknown>>[]) => {
		let changed = false;
		for (const event of events) {
			const [head, buildingId] = event.path;
			const keys = event.changes.keys;
			// The task's own fields: only a new scope or progress container matters here.
			if (event.path.length === 0) {
				if (keys.has('scope') || keys.has('progress')) return reseed();
			} else if (head === 'scope') {
				return reseed();
			} else if (head === 'progress' && event.path.length === 1) {
				// A building's progress map created or replaced: its marks are not in the event.
				return reseed();
			} else if (head === 'progress' && event.path.length === 2 && typeof buildingId === 'string') {
				const marks = event.target as Y.Map<unknown>;
				for (const [code, change] of keys) {
					listener.mark(buildingId, code, validEntry(marks.get(code)), validEntry(change.oldValue));
					changed = true;
				}
			}
		}
		if (changed) listener.flush();
	};

	const attach = () => {
		task?.unobserveDeep(onTaskChange);
		task = taskOf(doc, taskId);
		task?.observeDeep(onTaskChange);
	};

	// The task itself created, replaced or removed (archived): watch the new one, start over.
	const onTasksChange = (event: Y.YMapEvent<Y.Map<unknown>>) => {
		if (!event.keysChanged.has(taskId)) return;
		attach();
		reseed();
	};

	tasks.observe(onTasksChange);
	attach();
	reseed();
	return () => {
		tasks.unobserve(onTasksChange);
		task?.unobserveDeep(onTaskChange);
		task = undefined;
	};
}
