import { createSubscriber } from 'svelte/reactivity';
import * as Y from 'yjs';
import { tasksOf } from '$lib/domain/task-doc';
import { readTask, sortTasks, type TaskView } from '$lib/domain/task-view';

/**
 * The tasks of a live community document as plain snapshots, reactive in effects and
 * templates. While something reads them, a change re-reads only the tasks it touched, so a
 * liaison's tap costs one task, not the whole document.
 */
export class LiveTasks {
	readonly doc: Y.Doc;
	readonly #subscribe: () => void;
	#observing = false;
	readonly #cache = new Map<string, TaskView>();
	#list: TaskView[] | null = null;

	constructor(doc: Y.Doc) {
		this.doc = doc;
		this.#subscribe = createSubscriber((update) => {
			const tasks = tasksOf(doc);
			const onChange = (events: Y.YEvent<Y.AbstractType<unknown>>[]) => {
				for (const event of events) {
					const [taskId] = event.path;
					if (typeof taskId === 'string') this.#cache.delete(taskId);
					else for (const key of event.changes.keys.keys()) this.#cache.delete(key);
				}
				this.#list = null;
				update();
			};
			this.#observing = true;
			tasks.observeDeep(onChange);
			return () => {
				tasks.unobserveDeep(onChange);
				this.#observing = false;
				this.#cache.clear();
				this.#list = null;
			};
		});
	}

	/** Every task, open ones first, then newest first. */
	get all(): TaskView[] {
		this.#subscribe();
		if (this.#observing && this.#list) return this.#list;
		const list: TaskView[] = [];
		for (const id of tasksOf(this.doc).keys()) {
			const task = this.#read(id);
			if (task) list.push(task);
		}
		const sorted = sortTasks(list);
		if (this.#observing) this.#list = sorted;
		return sorted;
	}

	get open(): TaskView[] {
		return this.all.filter((task) => task.status === 'open');
	}

	task(id: string): TaskView | undefined {
		this.#subscribe();
		return this.#read(id);
	}

	#read(id: string): TaskView | undefined {
		const cached = this.#observing ? this.#cache.get(id) : undefined;
		if (cached) return cached;
		const map = tasksOf(this.doc).get(id);
		if (!(map instanceof Y.Map)) return undefined;
		const view = readTask(id, map);
		if (this.#observing) this.#cache.set(id, view);
		return view;
	}
}

const byDoc = new WeakMap<Y.Doc, LiveTasks>();

/** One `LiveTasks` per document, shared by every component that reads it. */
export function liveTasksOf(doc: Y.Doc): LiveTasks {
	let tasks = byDoc.get(doc);
	if (!tasks) byDoc.set(doc, (tasks = new LiveTasks(doc)));
	return tasks;
}
