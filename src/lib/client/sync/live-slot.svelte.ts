import { createContext } from 'svelte';
import { CommunityReplica } from './community-replica';
import { clearDocumentData } from './local-data';
import { requestPersistentStorage } from './persistent-storage';
import type { RefusalNotice } from './sync-state';
import { exposeTestHook } from './test-hook';

export type OpenLiveOptions = {
	userId: string;
	communityId: string;
	/** The server ended the session (close 4401). */
	onSignedOut: () => void;
};

/** `ws(s)://<this host>/sync`: the sync server shares the app's origin and its session cookie. */
export function syncServerUrl(location: Pick<Location, 'protocol' | 'host'>): string {
	return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/sync`;
}

/**
 * Holds the signed-in user's open live document, if any. One per app root (shared by
 * context), never a module singleton: the server renders many users in one process.
 */
export class LiveSlot {
	/** Null during server rendering, before the browser opened it, and for users without one. */
	current = $state.raw<CommunityReplica | null>(null);
	#closeCurrent: (() => Promise<void>) | null = null;
	/** Bumped by every open and close from outside, so a replacement under way knows it is stale. */
	#generation = 0;

	/** Opens the document in the browser; returns the cleanup that closes it again. */
	open(options: OpenLiveOptions): () => void {
		requestPersistentStorage();
		const generation = ++this.#generation;
		this.#start(options, generation, []);
		return () => {
			if (this.#generation === generation) void this.close();
		};
	}

	/** Closes the open document and waits until its local database is closed (before deleting it). */
	async close(): Promise<void> {
		this.#generation++;
		await this.#closeCurrent?.();
	}

	#start(options: OpenLiveOptions, generation: number, refusals: readonly RefusalNotice[]): void {
		const live: CommunityReplica = new CommunityReplica({
			...options,
			serverUrl: syncServerUrl(location),
			refusals,
			onDiverged: () => void this.#replace(live, options, generation)
		});
		const hideTestHook = exposeTestHook(live);
		this.current = live;
		this.#closeCurrent = () => {
			hideTestHook();
			if (this.current === live) {
				this.current = null;
				this.#closeCurrent = null;
			}
			return live.destroy();
		};
	}

	/** The local copy kept a change the server refused: load a fresh copy, keeping the notices. */
	async #replace(live: CommunityReplica, options: OpenLiveOptions, generation: number): Promise<void> {
		if (this.current !== live) return;
		const refusals = live.refusals;
		await this.#closeCurrent?.();
		await clearDocumentData(options.userId, live.docName);
		if (this.#generation === generation && this.current === null) this.#start(options, generation, refusals);
	}
}

export const [getLiveSlot, setLiveSlot] = createContext<LiveSlot>();
