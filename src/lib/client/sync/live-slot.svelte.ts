import { createContext } from 'svelte';
import { LiveDocument } from './live-document';
import { requestPersistentStorage } from './persistent-storage';
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
	current = $state.raw<LiveDocument | null>(null);
	#closeCurrent: (() => Promise<void>) | null = null;

	/** Opens the document in the browser; returns the cleanup that closes it again. */
	open({ userId, communityId, onSignedOut }: OpenLiveOptions): () => void {
		requestPersistentStorage();
		const live = new LiveDocument({ userId, communityId, serverUrl: syncServerUrl(location), onSignedOut });
		const hideTestHook = exposeTestHook(live);
		const close = () => {
			hideTestHook();
			if (this.current === live) {
				this.current = null;
				this.#closeCurrent = null;
			}
			return live.destroy();
		};
		this.current = live;
		this.#closeCurrent = close;
		return () => void close();
	}

	/** Closes the open document and waits until its local database is closed (before deleting it). */
	async close(): Promise<void> {
		await this.#closeCurrent?.();
	}
}

export const [getLiveSlot, setLiveSlot] = createContext<LiveSlot>();
