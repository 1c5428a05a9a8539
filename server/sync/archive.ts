/**
 * Archiving: closed tasks leave the live document some time after they were closed, so the
 * document phones keep offline stays small. Their figures stay in the projection (`tasks`,
 * `progress_events`, `task_acks`), which history reads. The document holds no closing time,
 * so the age comes from the projection's `closed_at`.
 */
import { and, eq, inArray, lte } from 'drizzle-orm';
import * as Y from 'yjs';
import { db } from '../../src/lib/server/db';
import { tasks } from '../../src/lib/server/db/schema';
import type { SyncMetrics } from './metrics';

/** What archiving needs of a loaded document (a `LiveDocument`). */
export type ArchivableDocument = {
	readonly name: string;
	readonly communityId: string;
	readonly doc: Y.Doc;
	readonly destroyed: boolean;
	serverWrite(change: (doc: Y.Doc) => void): void;
};

const running = new WeakSet<ArchivableDocument>();

function closedTaskIds(doc: Y.Doc): string[] {
	const ids: string[] = [];
	for (const [id, task] of doc.getMap('tasks').entries()) {
		if (task instanceof Y.Map && task.get('status') === 'closed') ids.push(id);
	}
	return ids;
}

/** Of `taskIds`, those the projection shows closed since at least `before`. */
async function closedBefore(communityId: string, taskIds: string[], before: Date): Promise<string[]> {
	const found: string[] = [];
	for (let start = 0; start < taskIds.length; start += 1000) {
		const rows = await db()
			.select({ id: tasks.id })
			.from(tasks)
			.where(
				and(eq(tasks.communityId, communityId), inArray(tasks.id, taskIds.slice(start, start + 1000)), eq(tasks.status, 'closed'), lte(tasks.closedAt, before))
			);
		found.push(...rows.map((row) => row.id));
	}
	return found;
}

/**
 * Removes from the document every task closed more than `afterMs` ago, as one server write
 * (stored in the log and forwarded like any update, never checked). A task reopened while
 * the database was asked is kept. Returns the archived ids.
 */
export async function archiveOldTasks(document: ArchivableDocument, afterMs: number, now = Date.now()): Promise<string[]> {
	if (running.has(document)) return [];
	running.add(document);
	try {
		const candidates = closedTaskIds(document.doc);
		if (candidates.length === 0) return [];
		const due = await closedBefore(document.communityId, candidates, new Date(now - afterMs));
		if (due.length === 0 || document.destroyed) return [];
		const archived: string[] = [];
		document.serverWrite((doc) => {
			const map = doc.getMap('tasks');
			for (const id of due) {
				const task = map.get(id);
				if (task instanceof Y.Map && task.get('status') === 'closed') {
					map.delete(id);
					archived.push(id);
				}
			}
		});
		return archived;
	} finally {
		running.delete(document);
	}
}

/** `archiveOldTasks` that counts and logs instead of throwing: archiving can always wait for the next round. */
export async function archiveQuietly(document: ArchivableDocument, afterMs: number, metrics: SyncMetrics): Promise<void> {
	try {
		metrics.tasksArchived += (await archiveOldTasks(document, afterMs)).length;
	} catch (error) {
		console.error(`[sync] archiving tasks of ${document.name} failed:`, error instanceof Error ? error.message : error);
	}
}
