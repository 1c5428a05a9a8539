/** A client id this page holds, so no other tab of the browser writes with it meanwhile. */
export type HeldClientId = { clientId: number; release: () => void };

type Locks = Pick<LockManager, 'request'>;

const defaultLocks = (): Locks | null => (typeof navigator !== 'undefined' && navigator.locks ? navigator.locks : null);

/**
 * Takes the Web Lock of `clientId` within `scope` (a user's document) if nobody holds it, and
 * keeps it until `release` or until the page goes away, when the browser lets it go by itself.
 * Two tabs writing with one client id would each start at the same clock and clash, so every
 * id a page writes with is held, and an id is only taken up again through this lock.
 * Resolves to null when the lock is taken, or when the browser has no Web Locks (then ids are
 * never reused).
 */
export async function holdClientId(scope: string, clientId: number, locks: Locks | null = defaultLocks()): Promise<HeldClientId | null> {
	if (!locks) return null;
	let release = () => {};
	const released = new Promise<void>((resolve) => (release = resolve));
	return new Promise((resolve) => {
		locks
			.request(`${scope}:client:${clientId}`, { ifAvailable: true }, (lock) => {
				if (!lock) {
					resolve(null);
					return;
				}
				resolve({ clientId, release });
				return released;
			})
			.catch(() => resolve(null));
	});
}
