export type OpenLoop = {
	/** Sends per second, evenly spaced. */
	rate: number;
	warmupMs: number;
	measureMs: number;
	/** Sends number `index`, which was due at `dueAt` (performance.now() time). */
	fire(index: number, dueAt: number, measured: boolean): void;
	onWindowStart(): void;
	onWindowEnd(): void;
};

/**
 * An open-loop schedule: send times are fixed in advance and never wait for answers,
 * so a slow server cannot slow the load down (no coordinated omission). A late timer
 * sends everything that fell due at once; how late shows up as send lag.
 */
export function runOpenLoop(loop: OpenLoop): Promise<void> {
	return new Promise((resolve) => {
		const interval = 1000 / loop.rate;
		const start = performance.now();
		const windowStart = start + loop.warmupMs;
		const end = windowStart + loop.measureMs;
		let index = 0;
		let inWindow = false;
		const dueOf = (i: number) => start + i * interval;

		const tick = () => {
			const now = performance.now();
			if (!inWindow && now >= windowStart) {
				inWindow = true;
				loop.onWindowStart();
			}
			for (; dueOf(index) <= now && dueOf(index) < end; index++) {
				loop.fire(index, dueOf(index), dueOf(index) >= windowStart);
			}
			const nextDue = dueOf(index);
			if (nextDue < end) {
				setTimeout(tick, Math.max(0, nextDue - performance.now()));
				return;
			}
			setTimeout(() => {
				loop.onWindowEnd();
				resolve();
			}, Math.max(0, end - performance.now()));
		};
		tick();
	});
}
