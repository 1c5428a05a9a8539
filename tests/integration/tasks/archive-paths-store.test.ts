/**
 * Archiving stores a task's archived paths before it deletes the task. A task marked while the
 * database was asked is kept that round; when it is archived later, the stored paths are the
 * later ones, holding the marks made meanwhile (a late phone's mark next to one of them must
 * still be placed). Against the real database, with a document as the sync server holds one.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ArchivedPathsHolder, archiveOldTasks, type ArchivableDocument } from '../../../server/sync/archive';
import { ArchivedPaths } from '../../../server/sync/archived-paths';
import { closeTask, createTask, markHousehold, tasksOf } from '../../../src/lib/domain/task-doc';
import { newTaskId } from '../../../src/lib/domain/task-ids';
import { db } from '../../../src/lib/server/db';
import { taskArchivePaths, tasks } from '../../../src/lib/server/db/schema';
import { startTestServer, type TestServer } from '../../fixtures/test-server';

const day = 24 * 3_600_000;
const T = Date.now() - 3 * day;

let server: TestServer;
beforeAll(async () => {
	server = await startTestServer({ demo: false });
});
afterAll(() => server?.stop());

/** The part of a LiveDocument archiving uses; `meanwhile` runs inside the archive write, before it. */
function documentOf(doc: Y.Doc, communityId: string, meanwhile: () => void = () => {}): ArchivableDocument {
	return {
		name: `community:${communityId}`,
		communityId,
		doc,
		destroyed: false,
		archivedPaths: new ArchivedPathsHolder(communityId, 30 * day),
		serverWrite(change) {
			meanwhile();
			doc.transact(() => change(doc));
		}
	};
}

describe('archived paths are stored before the archive', () => {
	it('keeps a task marked meanwhile, and stores its later paths when it is archived', async () => {
		const communityId = `c-${newTaskId()}`;
		const taskId = newTaskId();
		const doc = new Y.Doc();
		createTask(doc, { id: taskId, title: '排查', kind: 'check', instructions: '', createdBy: 'u-chief', createdAt: T, dueAt: null, scope: ['b1'] });
		markHousehold(doc, taskId, 'b1', '1-101', { s: 'visited', by: 'u-li', at: T + 1_000 });
		closeTask(doc, taskId);
		await db().insert(tasks).values({ id: taskId, communityId, status: 'closed', closedAt: new Date(T + 2_000) });

		let late: Y.ID | null = null;
		const marking = documentOf(doc, communityId, () => {
			if (late) return;
			markHousehold(doc, taskId, 'b1', '1-102', { s: 'absent', by: 'u-li', at: T + 3_000 });
			const building = (tasksOf(doc).get(taskId)!.get('progress') as Y.Map<Y.Map<unknown>>).get('b1')!;
			late = building._map.get('1-102')!.id;
		});
		expect(await archiveOldTasks(marking, 2 * day)).toEqual([]);
		expect(tasksOf(doc).has(taskId)).toBe(true);
		const [first] = await db().select().from(taskArchivePaths).where(eq(taskArchivePaths.taskId, taskId));
		expect(new ArchivedPaths([first.paths]).slotOf(late!, false)).toBeUndefined();

		expect(await archiveOldTasks(documentOf(doc, communityId), 2 * day)).toEqual([taskId]);
		expect(tasksOf(doc).has(taskId)).toBe(false);
		const rows = await db().select().from(taskArchivePaths).where(eq(taskArchivePaths.taskId, taskId));
		expect(rows).toHaveLength(1);
		expect(new ArchivedPaths([rows[0].paths]).slotOf(late!, false)).toEqual({ path: ['tasks', taskId, 'progress', 'b1', '1-102'], key: '1-102' });
	});
});
