/**
 * Finds what happened without a service to record it: tasks dispatched and reminded through the
 * live document (projected into `tasks`), due times passed (the morning report, overdue
 * matters), the weekly digest. Records notices with `recordNotice`; keys make repeats harmless,
 * so every instance may run it. STUB: filled in by the notice-content work.
 */
export async function planNotices(now: Date): Promise<void> {
	void now;
}
