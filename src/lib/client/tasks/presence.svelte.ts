import { createSubscriber } from 'svelte/reactivity';
import type { Awareness } from 'y-protocols/awareness';

/**
 * Presence on task boards, over the live document's awareness (y-protocols). Each client puts
 * `{ view: 'task', taskId }` in its own state while a board is open; the sync server stamps the
 * real `userId` into every state it passes on, so names come from that, never from the client.
 */
export type TaskPresenceFields = { view: 'task'; taskId: string };

type States = ReadonlyMap<number, Record<string, unknown>>;

/** The users, other than `selfUserId`, whose states show this task; each once, in the order seen. */
export function taskViewers(states: States, taskId: string, selfUserId: string): string[] {
	const viewers = new Set<string>();
	for (const state of states.values()) {
		if (state?.view !== 'task' || state.taskId !== taskId) continue;
		const userId = state.userId;
		if (typeof userId === 'string' && userId !== selfUserId) viewers.add(userId);
	}
	return [...viewers];
}

/**
 * Tells the others that this client looks at the task's board, keeping whatever else its
 * state holds; returns the cleanup that takes it back (if the state still shows this task).
 */
export function announceTaskView(awareness: Awareness, taskId: string): () => void {
	const fields: TaskPresenceFields = { view: 'task', taskId };
	awareness.setLocalState({ ...(awareness.getLocalState() ?? {}), ...fields });
	return () => {
		const state = awareness.getLocalState();
		if (!state || state.taskId !== taskId) return;
		const rest = { ...state };
		delete rest.view;
		delete rest.taskId;
		awareness.setLocalState(rest);
	};
}

/** Who else is looking at a task board, reactive in effects and templates. */
export class TaskPresence {
	readonly #awareness: Awareness;
	readonly #subscribe: () => void;

	constructor(awareness: Awareness) {
		this.#awareness = awareness;
		this.#subscribe = createSubscriber((update) => {
			awareness.on('change', update);
			return () => awareness.off('change', update);
		});
	}

	viewers(taskId: string, selfUserId: string): string[] {
		this.#subscribe();
		return taskViewers(this.#awareness.getStates(), taskId, selfUserId);
	}
}
