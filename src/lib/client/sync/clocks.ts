/** Per Yjs client id, the clock up to which (exclusive) its changes are known somewhere. */
export type Clocks = Map<number, number>;

/** Raises each clock of `into` to the one in `from` (never lowers); true when something changed. */
export function mergeClocks(into: Clocks, from: Iterable<readonly [number, number]>): boolean {
	let changed = false;
	for (const [client, clock] of from) {
		if (clock > (into.get(client) ?? 0)) {
			into.set(client, clock);
			changed = true;
		}
	}
	return changed;
}

/**
 * Changes this browser wrote that the server has not confirmed: for each own client id, the
 * clocks between what the server is known to hold and what the local document holds.
 */
export function countPending(
	ownClientIds: Iterable<number>,
	localClock: (client: number) => number,
	confirmedClock: (client: number) => number
): number {
	let pending = 0;
	for (const client of ownClientIds) pending += Math.max(0, localClock(client) - confirmedClock(client));
	return pending;
}
