/** A token bucket: `rate` tokens per second up to `burst`; taking may go into debt. */
export class TokenBucket {
	#tokens: number;
	#updatedAt: number;

	constructor(
		readonly rate: number,
		readonly burst: number,
		private readonly now: () => number = () => performance.now()
	) {
		this.#tokens = burst;
		this.#updatedAt = now();
	}

	/** Takes `amount` tokens; returns how many ms to wait until the bucket is out of debt (0 if not in debt). */
	take(amount: number): number {
		const now = this.now();
		this.#tokens = Math.min(this.burst, this.#tokens + ((now - this.#updatedAt) / 1000) * this.rate);
		this.#updatedAt = now;
		this.#tokens -= amount;
		return this.#tokens >= 0 ? 0 : Math.ceil((-this.#tokens / this.rate) * 1000);
	}
}
