/**
 * How long an unsent report or diary change waits before the next try after a failed one: 5 s, 10 s, 20 s… up
 * to 5 minutes, each stretched or shrunk by up to a fifth so phones that lost the same network
 * do not all come back in the same second. `online` and a reconnected live socket skip the wait.
 */
export const retryBaseMs = 5_000;
export const retryMaxMs = 5 * 60_000;
const jitterShare = 0.2;

/** `failures`: failed tries in a row, at least 1. `random` in [0, 1). */
export function retryDelay(failures: number, random: number): number {
	const exponent = Math.min(Math.max(failures, 1) - 1, 30);
	const plain = Math.min(retryBaseMs * 2 ** exponent, retryMaxMs);
	return Math.round(plain * (1 + jitterShare * (2 * random - 1)));
}
