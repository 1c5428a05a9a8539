/** Client ids an update binds, to the user who wrote with them ('@server' for an instance's own writes). */
export type Bindings = { userId: string; clients: readonly number[] };

/** The owner the server's own client id is bound to. */
export const serverOwner = '@server';

/**
 * Which user each Yjs client id of a document belongs to. A client id is bound to the user who
 * first wrote with it; nobody else may write (or show presence) under it afterwards.
 */
export class ClientOwners {
	readonly #owners: Map<number, string>;

	constructor(loaded: Iterable<[number, string]> = []) {
		this.#owners = new Map(loaded);
	}

	ownerOf(clientId: number): string | undefined {
		return this.#owners.get(clientId);
	}

	/** Bound to someone other than `userId`. */
	isForeign(clientId: number, userId: string): boolean {
		const owner = this.#owners.get(clientId);
		return owner !== undefined && owner !== userId;
	}

	bind(clientId: number, userId: string): void {
		this.#owners.set(clientId, userId);
	}

	/** Bindings another instance made (or the database holds): the first binding of an id wins. Returns the ids bound to someone else already. */
	adopt(bindings: Bindings): number[] {
		const conflicts: number[] = [];
		for (const client of bindings.clients) {
			const owner = this.#owners.get(client);
			if (owner === undefined) this.#owners.set(client, bindings.userId);
			else if (owner !== bindings.userId) conflicts.push(client);
		}
		return conflicts;
	}

	/** Bindings read from the database; ids already known keep their owner. */
	adoptAll(loaded: ReadonlyMap<number, string>): void {
		for (const [client, userId] of loaded) if (!this.#owners.has(client)) this.#owners.set(client, userId);
	}
}
