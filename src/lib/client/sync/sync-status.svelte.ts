import { createSubscriber } from 'svelte/reactivity';
import type { RefusalNotice, SyncState, TerminalClose } from './sync-state';

/** What the status reads from; `CommunityReplica` provides it. */
export type StatusSource = {
	readonly state: SyncState;
	readonly pending: number;
	readonly refusals: readonly RefusalNotice[];
	readonly closed: TerminalClose | null;
	subscribe(listener: () => void): () => void;
	dismissRefusal(id: number): void;
};

/**
 * The sync status as runes: every getter is reactive inside effects and templates, and still
 * returns the current value when read anywhere else (tests read it through the test hook).
 */
export class SyncStatus {
	readonly #source: StatusSource;
	readonly #subscribe: () => void;

	constructor(source: StatusSource) {
		this.#source = source;
		this.#subscribe = createSubscriber((update) => source.subscribe(update));
	}

	/** online: everything stored; syncing: connected, catching up; offline: no connection. */
	get state(): SyncState {
		this.#subscribe();
		return this.#source.state;
	}

	/** Own changes the server has not stored yet. */
	get pending(): number {
		this.#subscribe();
		return this.#source.pending;
	}

	/** The latest changes the server refused, newest first. */
	get refusals(): readonly RefusalNotice[] {
		this.#subscribe();
		return this.#source.refusals;
	}

	/** Set when the server ended syncing for good (4401, 4403, 4413…). */
	get closed(): TerminalClose | null {
		this.#subscribe();
		return this.#source.closed;
	}

	dismissRefusal(id: number): void {
		this.#source.dismissRefusal(id);
	}
}
