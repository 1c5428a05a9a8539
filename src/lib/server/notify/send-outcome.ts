/** What a platform said to one message. */
export type SendOutcome =
	| { ok: true }
	/**
	 * `retry` false: sending again cannot help (an address no longer allowed, an expired
	 * subscription: `gone`). `rateLimited`: the platform's window is full; wait, do not count.
	 */
	| { ok: false; retry: boolean; error: string; retryAfterMs?: number; gone?: boolean; rateLimited?: boolean };
