/**
 * Archiving: closed tasks leave the live document some time after they were closed, so the
 * document phones keep offline stays small. Their figures stay in the projection (`tasks`,
 * `progress_events`, `task_acks`), which history reads. The document holds no closing time,
 * so the age comes from the projection's `closed_at`. Each archived task's paths are stored
 * first (`archived-paths.ts`), so marks that arrive late are still judged and projected.
 */
import { and, eq, gte, inArray, lt, lte, sql } from 'drizzle-orm';
import * as Y from 'yjs';
import { db } from '../../src/lib/server/db';
import { taskArchivePaths, tasks } from '../../src/lib/server/db/schema';
import { ArchivedPaths, encodeArchivedPaths, type ArchivedSlot } from './archived-paths';
import type { ArchivedLookup } from './update-paths';
import type { SyncMetrics } from './metrics';

/** What archiving needs of a loaded document (a `LiveDocument`). */
export type ArchivableDocument = {
	readonly name: string;
	readonly communityId: string;
	readonly doc: Y.Doc;
	readonly destroyed: boolean;
	serverWrite(change: (doc: Y.Doc) => void): void;
	/** This document's archived paths, told of each task archived here. */
	readonly archivedPaths: ArchivedPathsHolder;
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
 * Stores the paths of tasks about to be archived. A row of an earlier round (the task was marked
 * meanwhile and kept) is replaced: the newest paths hold every struct the older ones did.
 */
async function storeArchivedPaths(communityId: string, indexes: ReadonlyMap<string, Uint8Array>): Promise<void> {
	const rows = [...indexes].map(([taskId, paths]) => ({ taskId, communityId, paths }));
	for (let start = 0; start < rows.length; start += 100) {
		await db()
			.insert(taskArchivePaths)
			.values(rows.slice(start, start + 100))
			.onConflictDoUpdate({ target: taskArchivePaths.taskId, set: { paths: sql`excluded.paths`, archivedAt: sql`now()` } });
	}
}

/**
 * Removes from the document every task closed more than `afterMs` ago, as one server write
 * (stored in the log and forwarded like any update, never checked), after storing where each
 * task's structs sat. A task reopened while the database was asked is kept. Returns the
 * archived ids.
 */
export async function archiveOldTasks(document: ArchivableDocument, afterMs: number, now = Date.now()): Promise<string[]> {
	if (running.has(document)) return [];
	running.add(document);
	try {
		const candidates = closedTaskIds(document.doc);
		if (candidates.length === 0) return [];
		const due = await closedBefore(document.communityId, candidates, new Date(now - afterMs));
		if (due.length === 0 || document.destroyed) return [];
		const indexes = new Map<string, Uint8Array>();
		for (const id of due) {
			const task = document.doc.getMap('tasks').get(id);
			if (task instanceof Y.Map) indexes.set(id, encodeArchivedPaths(id, task));
		}
		// Without its paths a late mark into the task could not be placed: no archive until they are stored.
		await storeArchivedPaths(document.communityId, indexes);
		if (document.destroyed) return [];
		const archived: string[] = [];
		document.serverWrite((doc) => {
			const map = doc.getMap('tasks');
			for (const id of due) {
				const task = map.get(id);
				// Marked since its paths were taken (the database was asked meanwhile): those would be missing.
				const index = indexes.get(id);
				if (task instanceof Y.Map && task.get('status') === 'closed' && index && sameBytes(index, encodeArchivedPaths(id, task))) {
					map.delete(id);
					archived.push(id);
				}
			}
		});
		for (const id of archived) document.archivedPaths.add(indexes.get(id)!);
		return archived;
	} finally {
		running.delete(document);
	}
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
	return a.byteLength === b.byteLength && a.every((byte, index) => byte === b[index]);
}

/** Drops archived paths older than the late window (marks into those tasks are then refused). */
export async function dropExpiredArchivedPaths(lateWindowMs: number, now = Date.now()): Promise<number> {
	const dropped = await db()
		.delete(taskArchivePaths)
		.where(lt(taskArchivePaths.archivedAt, new Date(now - lateWindowMs)))
		.returning({ taskId: taskArchivePaths.taskId });
	return dropped.length;
}

/** A loaded index older than this is read again when a late item refers to a struct it does not know (another instance may have archived since). */
const reloadAfterMs = 10_000;
/** Paths nobody looked up for this long are let go (a month of tasks takes some MB of heap); read again when needed. */
const releaseAfterMs = 10 * 60_000;

/**
 * One document's archived paths, read from the database only when an incoming update first
 * refers to a forgotten struct (rare: a phone back after an archive), never while loading.
 */
export class ArchivedPathsHolder implements ArchivedLookup {
	readonly #communityId: string;
	readonly #lateWindowMs: number;
	#paths: ArchivedPaths | null = null;
	#loadedAt = 0;
	#usedAt = 0;
	#loading: Promise<void> | null = null;
	/** Indexes of tasks archived here while a read was under way: added once it lands. */
	#added: Uint8Array[] = [];

	readonly #onRead: () => void;

	constructor(communityId: string, lateWindowMs: number, onRead: () => void = () => {}) {
		this.#communityId = communityId;
		this.#lateWindowMs = lateWindowMs;
		this.#onRead = onRead;
	}

	/** The paths to look structs up in, null when they are not loaded (or were let go). */
	get current(): this | null {
		if (this.#paths && !this.#loading && Date.now() - this.#usedAt > releaseAfterMs) this.#paths = null;
		return this.#paths ? this : null;
	}

	slotOf(id: Y.ID, type: boolean): ArchivedSlot | undefined {
		this.#usedAt = Date.now();
		return this.#paths?.slotOf(id, type);
	}

	scopeOf(taskId: string): readonly string[] | undefined {
		return this.#paths?.scopeOf(taskId);
	}

	/** Whether a miss may be an archive made elsewhere since the last read. */
	mayBeStale(now = Date.now()): boolean {
		return this.#paths !== null && now - this.#loadedAt > reloadAfterMs;
	}

	add(bytes: Uint8Array): void {
		if (this.#paths) this.#paths.add(bytes);
		if (this.#loading) this.#added.push(bytes);
	}

	/** Reads the paths of every task of the community archived within the late window (one read at a time). */
	load(): Promise<void> {
		this.#loading ??= (async () => {
			try {
				const startedAt = Date.now();
				this.#onRead();
				const rows = await db()
					.select({ paths: taskArchivePaths.paths })
					.from(taskArchivePaths)
					.where(and(eq(taskArchivePaths.communityId, this.#communityId), gte(taskArchivePaths.archivedAt, new Date(startedAt - this.#lateWindowMs))));
				const paths = new ArchivedPaths(rows.map((row) => row.paths));
				for (const bytes of this.#added) paths.add(bytes);
				this.#paths = paths;
				this.#loadedAt = startedAt;
				this.#usedAt = Date.now();
			} finally {
				this.#added = [];
				this.#loading = null;
			}
		})();
		return this.#loading;
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
