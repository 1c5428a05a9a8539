import { rssBytes } from '../sync/proc-stats';

const sampleMs = 1000;
/** Samples (one a second) whose spread decides that RSS has stopped moving. */
const window = 5;
const toleranceBytes = 2 ** 20;
const toleranceShare = 0.005;

export type Settling = { seconds: number; settled: boolean };

/**
 * Waits `minSeconds`, then until the process's RSS has stayed within max(1 MiB, 0.5 %) over the
 * last five seconds, or `maxSeconds` more have passed.
 */
export async function waitUntilQuiet(pid: number, minSeconds: number, maxSeconds: number): Promise<Settling> {
	const firstWaitMs = minSeconds * 1000;
	const start = performance.now();
	const samples: number[] = [];
	const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
	const deadline = start + firstWaitMs + maxSeconds * 1000;
	for (;;) {
		samples.push(rssBytes(pid));
		if (samples.length > window) samples.shift();
		const seconds = (performance.now() - start) / 1000;
		if (samples.length === window && seconds * 1000 >= firstWaitMs) {
			const spread = Math.max(...samples) - Math.min(...samples);
			if (spread <= Math.max(toleranceBytes, toleranceShare * samples[window - 1])) return { seconds, settled: true };
		}
		if (performance.now() >= deadline) return { seconds, settled: false };
		await sleep(sampleMs);
	}
}
