/** Failures allowed before sign-in for a username is slowed down. */
export const freeLoginFailures = 5;
const firstDelaySeconds = 30;
const maxDelaySeconds = 15 * 60;

/** How long after the last failure the next try must wait; doubles with each further failure. */
export function loginDelaySeconds(failures: number): number {
	if (failures < freeLoginFailures) return 0;
	return Math.min(firstDelaySeconds * 2 ** (failures - freeLoginFailures), maxDelaySeconds);
}

/** Seconds still to wait before another try is allowed (0: go ahead). */
export function loginWaitSeconds(failures: number, lastFailureAt: Date, now: Date): number {
	const until = lastFailureAt.getTime() + loginDelaySeconds(failures) * 1000;
	return Math.max(0, Math.ceil((until - now.getTime()) / 1000));
}
