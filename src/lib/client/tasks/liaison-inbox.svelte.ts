import { createContext } from 'svelte';
import type * as Y from 'yjs';
import { tasksForBuildings, unacked } from '$lib/domain/liaison-inbox';
import type { TaskView } from '$lib/domain/task-view';
import { liveTasksOf } from './live-tasks.svelte';

export type InboxSource = {
	/** The open live document, null before it opened (and during server rendering). */
	doc: Y.Doc | null;
	userId: string | null;
	/** The buildings of the user's micro-grids; empty for anyone who is not a liaison. */
	buildingIds: readonly string[];
};

/**
 * A liaison's open tasks and how many wait for their 收到, live from the community document.
 * One per app root (the layout), shared by context with the pages that show it.
 */
export class LiaisonInbox {
	readonly #source: () => InboxSource;

	constructor(source: () => InboxSource) {
		this.#source = source;
	}

	get isLiaison(): boolean {
		return this.#source().buildingIds.length > 0;
	}

	get userId(): string | null {
		return this.#source().userId;
	}

	/** Open tasks touching their buildings, newest first. */
	readonly tasks: TaskView[] = $derived.by(() => {
		const { doc, buildingIds } = this.#source();
		return doc && buildingIds.length > 0 ? tasksForBuildings(liveTasksOf(doc).open, buildingIds) : [];
	});

	readonly unackedCount: number = $derived.by(() => {
		const { userId } = this.#source();
		return userId ? unacked(this.tasks, userId).length : 0;
	});
}

export const [getLiaisonInbox, setLiaisonInbox] = createContext<LiaisonInbox>();
