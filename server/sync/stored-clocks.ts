import * as Y from 'yjs';
import type { ClientOwners } from './client-owners';

/**
 * Per client id, the clock below which the document's changes are durably stored: what the
 * server may confirm to a writer. A write the database refused for good caps its client id
 * there, so nothing of it or after it is ever confirmed.
 */
export class StoredClocks {
	readonly #stored = new Map<number, number>();
	readonly #unstorable = new Map<number, number>();

	/** Everything in `stateVector` is stored already (it was loaded from the database). */
	constructor(stateVector: ReadonlyMap<number, number> = new Map()) {
		for (const [client, clock] of stateVector) this.#stored.set(client, clock);
	}

	/** Raises the stored clocks, never past a write that could not be stored; returns what they now confirm. */
	raise(clocks: ReadonlyMap<number, number>): Map<number, number> {
		const confirmed = new Map<number, number>();
		for (const [client, end] of clocks) {
			const clock = Math.min(end, this.#unstorable.get(client) ?? Infinity);
			if ((this.#stored.get(client) ?? 0) < clock) this.#stored.set(client, clock);
			confirmed.set(client, this.#stored.get(client) ?? 0);
		}
		return confirmed;
	}

	/** An update the database will never store: none of its clocks, nor any later ones, may be confirmed. */
	setAside(update: Uint8Array): void {
		for (const [client, clock] of Y.parseUpdateMeta(update).from) {
			this.#unstorable.set(client, Math.min(clock, this.#unstorable.get(client) ?? Infinity));
		}
	}

	/** What is stored of the client ids a user owns: told to them when they connect. */
	ownedBy(userId: string, owners: ClientOwners): Map<number, number> {
		const own = new Map<number, number>();
		for (const [client, clock] of this.#stored) if (owners.ownerOf(client) === userId) own.set(client, clock);
		return own;
	}

	/** What is stored of the client ids in `clocks` (those known at all). */
	among(clocks: ReadonlyMap<number, number>): Map<number, number> {
		const known = new Map<number, number>();
		for (const client of clocks.keys()) {
			const stored = this.#stored.get(client);
			if (stored !== undefined) known.set(client, stored);
		}
		return known;
	}
}

/** The end clock per client id of a set of updates (what storing all of them confirms). */
export function endClocksOfAll(updates: readonly Uint8Array[]): Map<number, number> {
	const ends = new Map<number, number>();
	for (const update of updates) {
		for (const [client, clock] of Y.parseUpdateMeta(update).to) ends.set(client, Math.max(clock, ends.get(client) ?? 0));
	}
	return ends;
}
