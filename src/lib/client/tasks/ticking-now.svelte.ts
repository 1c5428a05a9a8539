import { createSubscriber } from 'svelte/reactivity';

/**
 * The current time, reactive: read inside a template or effect, it re-renders every
 * `everyMs` while something reads it (due labels, overdue marks, "tonight" rolling over).
 */
export class TickingNow {
	readonly #subscribe: () => void;

	constructor(everyMs = 30_000) {
		this.#subscribe = createSubscriber((update) => {
			const timer = setInterval(update, everyMs);
			return () => clearInterval(timer);
		});
	}

	get current(): number {
		this.#subscribe();
		return Date.now();
	}
}
