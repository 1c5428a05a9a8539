/**
 * One fetch at a time for data that a signal says has changed: a request while a fetch runs
 * asks for one more once it is done, so the latest change is always fetched and never twice at once.
 */
export class RefetchLoop {
	readonly #fetchOnce: () => Promise<void>;
	readonly #stopped: () => boolean;
	#running: Promise<void> | null = null;
	#again = false;

	constructor(fetchOnce: () => Promise<void>, stopped: () => boolean) {
		this.#fetchOnce = fetchOnce;
		this.#stopped = stopped;
	}

	request(): Promise<void> {
		if (this.#running) {
			this.#again = true;
			return this.#running;
		}
		this.#running = this.#loop().finally(() => (this.#running = null));
		return this.#running;
	}

	async #loop(): Promise<void> {
		do {
			this.#again = false;
			await this.#fetchOnce();
		} while (this.#again && !this.#stopped());
	}
}
