import type { SignalKey } from '../domain/community-doc';

export type LiveStats = {
	docsLoaded: number;
	connections: number;
	redis: 'on' | 'off' | 'down';
	pendingWrites: number;
	/** The last storage error while storing keeps failing, else null. */
	persistenceError: string | null;
	/** Accepted updates the database refused on their own while it answered everything else (kept out of the queue). */
	writesSetAside: number;
};

/**
 * What the rest of the server may ask of the sync server of this process. The sync server
 * (`server/sync/`) registers itself here when it starts; the SvelteKit handler and `server/`
 * are bundled apart, so the one instance per process lives on globalThis.
 */
export interface LiveHub {
	stats(): Promise<LiveStats>;
	metricsText(): string;
	/** Bumps `signals.<key>` of a community's document; every connected client sees it, on every instance. */
	bumpSignal(communityId: string, key: SignalKey): Promise<number>;
	/**
	 * The structure of a community changed (committed): the write rules read its building places
	 * again, here before this resolves and on every other instance, then `signals.structureVersion`
	 * is bumped so open maps refetch. Resolves to the new version.
	 */
	structureChanged(communityId: string): Promise<number>;
	/**
	 * Calls `listener` with `signals.<key>` of the community now and whenever it moves (on any
	 * instance); resolves to the function that stops listening.
	 */
	watchSignal(communityId: string, key: SignalKey, listener: (value: number) => void): Promise<() => void>;
	/** Closes (4401) the sockets of a session that ended, on every instance. */
	endSession(sessionId: string): Promise<void>;
	/** Closes (4401) every socket of a user, e.g. when disabled, on every instance. */
	endUser(userId: string): Promise<void>;
}

const hubKey = Symbol.for('grid-dispatch.live-hub');
type WithHub = typeof globalThis & { [hubKey]?: LiveHub };

export function registerLiveHub(hub: LiveHub | null): void {
	(globalThis as WithHub)[hubKey] = hub ?? undefined;
}

export function liveHub(): LiveHub | null {
	return (globalThis as WithHub)[hubKey] ?? null;
}

function runningHub(): LiveHub {
	const hub = liveHub();
	if (!hub) throw new Error('The sync server is not running in this process; signals cannot be sent.');
	return hub;
}

/** Tells open maps and lists of a community to refetch. Fails when no sync server runs in this process. */
export async function bumpSignal(communityId: string, key: SignalKey): Promise<number> {
	return runningHub().bumpSignal(communityId, key);
}

/** Tells the write rules and open maps of a community that its structure changed. Fails when no sync server runs in this process. */
export async function structureChanged(communityId: string): Promise<number> {
	return runningHub().structureChanged(communityId);
}

/** Follows a signal of a community (see `LiveHub.watchSignal`). Fails when no sync server runs in this process. */
export async function watchSignal(communityId: string, key: SignalKey, listener: (value: number) => void): Promise<() => void> {
	return runningHub().watchSignal(communityId, key, listener);
}
