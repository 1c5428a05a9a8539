/** What a platform said to one message. */
export type SendOutcome =
	| { ok: true }
	/** `retry` false: sending again cannot help (a removed robot, an expired subscription). */
	| { ok: false; retry: boolean; error: string; retryAfterMs?: number; gone?: boolean };
