// Size on disk, load time and memory of the seeded community document.
// The loads run under the sync server's own V8 flags, as in the server.
import '../../server/runtime-flags';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { sql } from 'drizzle-orm';
import * as Y from 'yjs';
import { db } from '../../src/lib/server/db';
import { summarize, type Timing } from '../board/results';
import { loadLive, serverParts } from './live-load';
import type { SyncSettings } from '../../server/sync/settings';

setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;

function rows<T>(result: unknown): T[] {
	return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

export type TableSize = { table: string; rows: number; totalBytes: number; tableBytes: number; indexBytes: number };
export type Sizes = {
	snapshotBytes: number;
	logRows: number;
	logBytes: number;
	encodedBytes: number;
	stateVectorBytes: number;
	clientIds: number;
	liveTasks: number;
	tables: TableSize[];
	databaseBytes: number;
};

const tables = ['yjs_snapshots', 'yjs_updates', 'yjs_client_ids', 'progress_events', 'tasks', 'task_acks', 'task_archive_paths'];

export async function measureSizes(docName: string, doc: Y.Doc): Promise<Sizes> {
	await db().execute(sql.raw(`vacuum analyze ${tables.join(', ')}`));
	const [snapshot] = rows<{ bytes: number }>(await db().execute(sql`select octet_length(state)::int as bytes from yjs_snapshots where doc = ${docName}`));
	const [log] = rows<{ n: number; bytes: number }>(
		await db().execute(sql`select count(*)::int as n, coalesce(sum(octet_length("update")), 0)::bigint as bytes from yjs_updates where doc = ${docName}`)
	);
	const sized: TableSize[] = [];
	for (const table of tables) {
		const [row] = rows<{ n: number; total: number; heap: number; idx: number }>(
			await db().execute(
				sql.raw(
					`select (select count(*) from ${table})::bigint as n, pg_total_relation_size('${table}')::bigint as total, pg_table_size('${table}')::bigint as heap, pg_indexes_size('${table}')::bigint as idx`
				)
			)
		);
		sized.push({ table, rows: Number(row.n), totalBytes: Number(row.total), tableBytes: Number(row.heap), indexBytes: Number(row.idx) });
	}
	const [database] = rows<{ bytes: number }>(await db().execute(sql`select pg_database_size(current_database())::bigint as bytes`));
	const stateVector = Y.encodeStateVector(doc);
	return {
		snapshotBytes: snapshot?.bytes ?? 0,
		logRows: log.n,
		logBytes: Number(log.bytes),
		encodedBytes: Y.encodeStateAsUpdate(doc).byteLength,
		stateVectorBytes: stateVector.byteLength,
		clientIds: Y.decodeStateVector(stateVector).size,
		liveTasks: doc.getMap('tasks').size,
		tables: sized,
		databaseBytes: Number(database.bytes)
	};
}

export type LoadTimings = {
	state: string;
	logRows: number;
	snapshotBytes: number;
	logBytes: number;
	total: Timing;
	read: Timing;
	build: Timing;
	archive: Timing;
	/** Y.applyUpdate of the same bytes (snapshot, then each log row) into a fresh Y.Doc. */
	plainApply: Timing;
	/** Heap growth with one loaded LiveDocument held, after full collections. */
	heapBytes: number;
	/** Heap growth after all the loads, every document destroyed (a leak shows here). */
	keptAfterLoadsBytes: number;
	plainHeapBytes: number;
	encodedBytes: number;
};

function heapUsed(): number {
	collect();
	collect();
	return process.memoryUsage().heapUsed;
}

/** Times the server's load of the document `runs` times (after 3 unrecorded), then the plain apply of the same bytes. */
export async function timeLoads(label: string, settings: SyncSettings, docName: string, communityId: string, archiveNow: number, runs: number): Promise<LoadTimings> {
	const parts = serverParts(settings);
	const total: number[] = [];
	const read: number[] = [];
	const build: number[] = [];
	const archive: number[] = [];
	let updates: Uint8Array[] = [];
	let logRows = 0;
	// What one held document keeps alive, measured before the timed loads.
	const before = heapUsed();
	const held = await loadLive(parts, docName, communityId, archiveNow);
	const heapBytes = heapUsed() - before;
	const encodedBytes = Y.encodeStateAsUpdate(held.document.doc).byteLength;
	held.document.destroy();
	for (let run = -3; run < runs; run++) {
		const { document, steps } = await loadLive(parts, docName, communityId, archiveNow);
		document.destroy();
		updates = steps.state.updates;
		logRows = steps.state.logRows;
		if (run < 0) continue;
		total.push(steps.totalMs);
		read.push(steps.readMs);
		build.push(steps.buildMs);
		archive.push(steps.archiveMs);
	}
	// Heap still held once every loaded document was destroyed: should be about nothing.
	const keptAfterLoadsBytes = heapUsed() - before;
	const plain: number[] = [];
	for (let run = -3; run < runs; run++) {
		const start = performance.now();
		const doc = new Y.Doc();
		doc.transact(() => {
			for (const update of updates) Y.applyUpdate(doc, update);
		});
		const took = performance.now() - start;
		doc.destroy();
		if (run >= 0) plain.push(took);
	}
	const plainBefore = heapUsed();
	let plainDoc: Y.Doc | null = new Y.Doc();
	plainDoc.transact(() => {
		for (const update of updates) Y.applyUpdate(plainDoc!, update);
	});
	const plainHeapBytes = heapUsed() - plainBefore;
	plainDoc.destroy();
	plainDoc = null;
	parts.committer.stop();
	const snapshotBytes = logRows < updates.length ? updates[0].byteLength : 0;
	return {
		state: label,
		logRows,
		snapshotBytes,
		logBytes: updates.slice(updates.length - logRows).reduce((sum, update) => sum + update.byteLength, 0),
		total: summarize(total),
		read: summarize(read),
		build: summarize(build),
		archive: summarize(archive),
		plainApply: summarize(plain),
		heapBytes,
		keptAfterLoadsBytes,
		plainHeapBytes,
		encodedBytes
	};
}

/** Moves the document's log rows aside (and back), so the same database also shows a load from the snapshot alone. */
export async function parkLog(docName: string, parked: boolean): Promise<void> {
	const from = parked ? docName : `${docName}#parked`;
	const to = parked ? `${docName}#parked` : docName;
	await db().execute(sql`update yjs_updates set doc = ${to} where doc = ${from}`);
}
