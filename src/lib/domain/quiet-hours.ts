/**
 * Quiet hours: no pushes at night unless urgent. STUB: filled in by the Web Push work.
 */
export type QuietHours = { enabled: boolean; start: number; end: number };

export const defaultQuietHours: QuietHours = { enabled: true, start: 22 * 60 + 30, end: 7 * 60 };

/** When quiet hours that hold at `now` end (epoch ms), or null when `now` is not quiet. */
export function quietUntil(quiet: QuietHours, now: number): number | null {
	void quiet;
	void now;
	return null;
}
