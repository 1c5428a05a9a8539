// The sync server's load of a community document, step for step as `SyncServer.#load`
// (server/sync/sync-server.ts) does it, with each step timed; the server keeps that method
// private, so it is repeated here from the same exported parts. Without a Redis bridge, as
// the benchmark's server runs.
import { getCommunity } from '../../src/lib/server/community';
import { archiveOldTasks } from '../../server/sync/archive';
import { GroupCommitter } from '../../server/sync/group-commit';
import { LiveDocument } from '../../server/sync/live-document';
import { SyncMetrics } from '../../server/sync/metrics';
import { compactDocument, loadDocument, type LoadedState } from '../../server/sync/persistence';
import { loadBuildingPlaces } from '../../server/sync/places';
import type { SyncSettings } from '../../server/sync/settings';
import { TaskIdRegistry } from '../../server/sync/task-ids';

/** What one process's sync server shares between its documents. */
export type ServerParts = { settings: SyncSettings; metrics: SyncMetrics; committer: GroupCommitter; taskIds: TaskIdRegistry };

export function serverParts(settings: SyncSettings): ServerParts {
	const metrics = new SyncMetrics();
	return { settings, metrics, committer: new GroupCommitter(settings.commitWindowMs, metrics), taskIds: new TaskIdRegistry() };
}

export type LoadSteps = {
	/** Community row, snapshot + log rows + client-id owners, building places, task ids (in parallel, as the server does). */
	readMs: number;
	/** `new LiveDocument(...)`: applying the snapshot and the log into the Y.Doc, stored clocks, owners. */
	buildMs: number;
	/** The archiving pass after the load (closed tasks of the document asked of the projection); clients do not wait for it. */
	archiveMs: number;
	/** Read and build: until the first clients get their sync step 2. */
	totalMs: number;
	state: LoadedState;
};

/**
 * Loads the document as the server does on a first connection. `archiveNow`: the clock the
 * archiving pass compares closing times with (the server uses Date.now(); the benchmark passes
 * the end of the seeded year, so timing loads never archives and never writes).
 */
export async function loadLive(parts: ServerParts, docName: string, communityId: string, archiveNow: number): Promise<{ document: LiveDocument; steps: LoadSteps }> {
	const start = performance.now();
	const [community, state, places] = await Promise.all([getCommunity(communityId), loadDocument(docName), loadBuildingPlaces(communityId), parts.taskIds.refresh()]);
	if (!community) throw new Error(`community ${communityId} does not exist`);
	const read = performance.now();
	const document = new LiveDocument(docName, community, state, places, {
		settings: parts.settings,
		metrics: parts.metrics,
		committer: parts.committer,
		bridge: null,
		taskIds: parts.taskIds,
		compact: compactDocument,
		onIdle: () => {}
	});
	const built = performance.now();
	await archiveOldTasks(document, parts.settings.taskArchiveAfterMs, archiveNow);
	const end = performance.now();
	return { document, steps: { readMs: read - start, buildMs: built - read, archiveMs: end - built, totalMs: built - start, state } };
}
