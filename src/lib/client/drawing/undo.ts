/**
 * The edits made to one shape before it is saved, newest last. The first entry is the
 * shape as it was when editing began; undo drops the newest entry and returns the one
 * before it, so the start can never be undone away.
 */
export class UndoStack<T> {
	#entries: T[] = [];
	readonly #limit: number;
	readonly #clone: (value: T) => T;

	constructor(options: { limit?: number; clone?: (value: T) => T } = {}) {
		this.#limit = Math.max(2, options.limit ?? 100);
		this.#clone = options.clone ?? ((value) => structuredClone(value));
	}

	/** Forgets everything and starts again from `initial`. */
	reset(initial: T): void {
		this.#entries = [this.#clone(initial)];
	}

	clear(): void {
		this.#entries = [];
	}

	/** Records a new state; an unchanged state (by `same`) is not recorded twice. */
	push(value: T, same: (a: T, b: T) => boolean = sameJson): void {
		const last = this.#entries.at(-1);
		if (last !== undefined && same(last, value)) return;
		this.#entries.push(this.#clone(value));
		// Keep the start: drop the oldest edits beyond the limit, never the first entry.
		if (this.#entries.length > this.#limit) this.#entries.splice(1, this.#entries.length - this.#limit);
	}

	get canUndo(): boolean {
		return this.#entries.length > 1;
	}

	/** The number of edits that can be undone. */
	get size(): number {
		return Math.max(0, this.#entries.length - 1);
	}

	get current(): T | undefined {
		const last = this.#entries.at(-1);
		return last === undefined ? undefined : this.#clone(last);
	}

	/** Drops the newest state and returns the one before it, or undefined when nothing is left to undo. */
	undo(): T | undefined {
		if (!this.canUndo) return undefined;
		this.#entries.pop();
		return this.current;
	}
}

function sameJson(a: unknown, b: unknown): boolean {
	return JSON.stringify(a) === JSON.stringify(b);
}
