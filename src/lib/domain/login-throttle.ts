/** When failed sign-ins for a username start to wait, and how long the wait grows. */
export type ThrottleRule = { freeFailures: number; firstDelaySeconds: number; maxDelaySeconds: number };

/** Failures from one client address: a person mistyping gets a few tries, a guesser is slowed at once. */
export const perAddressRule: ThrottleRule = { freeFailures: 5, firstDelaySeconds: 30, maxDelaySeconds: 15 * 60 };

/**
 * Failures from anywhere: many addresses together cannot guess freely, yet one address alone
 * (slowed by its own rule long before) cannot lock the owner out.
 */
export const perUsernameRule: ThrottleRule = { freeFailures: 30, firstDelaySeconds: 60, maxDelaySeconds: 15 * 60 };

/** How long after the last failure the next try must wait; doubles with each further failure. */
export function loginDelaySeconds(failures: number, rule: ThrottleRule = perAddressRule): number {
	if (failures < rule.freeFailures) return 0;
	return Math.min(rule.firstDelaySeconds * 2 ** (failures - rule.freeFailures), rule.maxDelaySeconds);
}

/** Seconds still to wait before another try is allowed (0: go ahead). */
export function loginWaitSeconds(failures: number, lastFailureAt: Date, now: Date, rule: ThrottleRule = perAddressRule): number {
	// A concurrent try may have stamped its failure a moment after our own `now`: count from `now` then.
	const last = Math.min(lastFailureAt.getTime(), now.getTime());
	const until = last + loginDelaySeconds(failures, rule) * 1000;
	return Math.max(0, Math.ceil((until - now.getTime()) / 1000));
}
