/**
 * Lets a service that recorded a notice wake this instance's notifier instead of waiting for its
 * poll. On globalThis: the SvelteKit bundle and `server/` each carry a copy of this module.
 */
const slot = Symbol.for('grid-dispatch.notifier-wake');
type Slot = { [slot]?: () => void };

export function onNotifierWake(callback: (() => void) | null): void {
	if (callback) (globalThis as Slot)[slot] = callback;
	else delete (globalThis as Slot)[slot];
}

/** Called after recording; the notifier looks a moment later, after the caller's commit. */
export function wakeNotifier(): void {
	const wake = (globalThis as Slot)[slot];
	if (wake) setTimeout(wake, 20).unref?.();
}
