/**
 * The demo history keeps in the live document the tasks the sync server would keep: it reads the
 * archiving age with the sync server's own parser (`readSyncSettings`), whatever the
 * environment says, here TASK_ARCHIVE_AFTER_MS set but empty (`TASK_ARCHIVE_AFTER_MS=` in a .env file).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { loadDocument } from '../../../server/sync/persistence';
import { readSyncSettings } from '../../../server/sync/settings';
import { communityDocName } from '../../../src/lib/domain/sync-protocol';
import { tasksOf } from '../../../src/lib/domain/task-doc';
import { db } from '../../../src/lib/server/db';
import { tasks } from '../../../src/lib/server/db/schema';
import { seedDemoHistory } from '../../../src/lib/server/demo/demo-history-seed';
import { demoPlaces } from '../../fixtures/demo-places';
import { startTestServer, type TestServer } from '../../fixtures/test-server';

let server: TestServer;
beforeAll(async () => {
	server = await startTestServer();
});
afterAll(() => server?.stop());

describe('the demo history’s archiving age', () => {
	it('is the sync server’s', async () => {
		const now = Date.now();
		process.env.TASK_ARCHIVE_AFTER_MS = '';
		let archiveAfterMs: number;
		try {
			archiveAfterMs = readSyncSettings(process.env).taskArchiveAfterMs;
			await seedDemoHistory(now);
		} finally {
			delete process.env.TASK_ARCHIVE_AFTER_MS;
		}
		const { communityId } = await demoPlaces();
		const doc = new Y.Doc();
		for (const update of (await loadDocument(communityDocName(communityId))).updates) Y.applyUpdate(doc, update);
		const rows = await db().select({ id: tasks.id, closedAt: tasks.closedAt }).from(tasks);
		const kept = rows.filter((row) => row.closedAt === null || row.closedAt.getTime() > now - archiveAfterMs).map((row) => row.id);
		expect(kept.length).toBeGreaterThan(0);
		expect([...tasksOf(doc).keys()].sort()).toEqual(kept.sort());
	});
});
