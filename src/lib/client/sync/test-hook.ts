import * as Y from 'yjs';
import type { CommunityReplica } from './community-replica';
import type { SyncStatus } from './sync-status.svelte';

/**
 * The test hook: `window.gridDispatchLive` holds the signed-in user's own live document while
 * it is open, so end-to-end tests and a developer's console can read and write it. It holds
 * nothing the user could not already see; `Y` is there to build nested maps and arrays.
 */
export type LiveTestHook = { doc: Y.Doc; status: SyncStatus; Y: typeof Y };

declare global {
	interface Window {
		gridDispatchLive?: LiveTestHook;
	}
}

/** Exposes `live` as the test hook; returns the function that removes it again. */
export function exposeTestHook(live: CommunityReplica): () => void {
	const hook: LiveTestHook = { doc: live.doc, status: live.status, Y };
	window.gridDispatchLive = hook;
	return () => {
		if (window.gridDispatchLive === hook) delete window.gridDispatchLive;
	};
}
