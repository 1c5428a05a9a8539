import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import * as Y from 'yjs';
import { db, type Tx } from '../../src/lib/server/db';
import { progressEvents, taskAcks, tasks, yjsClientIds, yjsSnapshots, yjsUpdates } from '../../src/lib/server/db/schema';
import type { AckRow, ProgressRow, TaskRow } from './projection';
import { decodeSnapshot, encodeSnapshot } from './snapshot-codec';

/** One accepted update on its way to the log, with what it changes in the projections. */
export type PendingWrite = {
	doc: string;
	update: Uint8Array;
	userId: string | null;
	clientId: number | null;
	newClients: number[];
	progress: ProgressRow[];
	tasks: TaskRow[];
	/** Absent: the write touched no acknowledgement. */
	acks?: AckRow[];
};

export type LoadedState = { updates: Uint8Array[]; logRows: number; owners: Map<number, string> };

function rowsOf<T>(result: unknown): T[] {
	return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/**
 * The newest snapshot plus every logged update not folded into it, and the client id owners,
 * in one statement and so at one instant. Read one after the other, a fold committed in between
 * could hide its rows from both, and an owner read before its update would be missing.
 */
export async function loadDocument(doc: string): Promise<LoadedState> {
	const rows = rowsOf<{ kind: number; bytes: Uint8Array | null; id: string | number; owner: string | null; codec: number }>(
		await db().execute(sql`
			select 0 as kind, ${yjsSnapshots.state} as bytes, 0::bigint as id, null::text as owner, ${yjsSnapshots.codec} as codec from ${yjsSnapshots} where ${yjsSnapshots.doc} = ${doc}
			union all
			select 1, ${yjsUpdates.update}, ${yjsUpdates.id}, null, 0 from ${yjsUpdates} where ${yjsUpdates.doc} = ${doc}
			union all
			select 2, null, ${yjsClientIds.clientId}, ${yjsClientIds.userId}, 0 from ${yjsClientIds} where ${yjsClientIds.doc} = ${doc}
			order by kind, id`)
	);
	const updates: Uint8Array[] = [];
	const owners = new Map<number, string>();
	let logRows = 0;
	let snapshot: Promise<Uint8Array> | null = null;
	for (const { kind, bytes, id, owner, codec } of rows) {
		if (kind === 2) {
			owners.set(Number(id), owner!);
			continue;
		}
		const update = new Uint8Array(bytes!.buffer, bytes!.byteOffset, bytes!.byteLength);
		if (kind === 0) snapshot = decodeSnapshot({ state: update, codec: Number(codec) });
		else {
			updates.push(update);
			logRows++;
		}
	}
	if (snapshot) updates.unshift(await snapshot);
	return { updates, logRows, owners };
}

/**
 * Appends a batch of accepted updates and their projections atomically. The common batch
 * (updates, client-id bindings, progress rows) is one statement of data-modifying CTEs: one
 * round trip instead of five, which matters because the database often shares the server's
 * core (see bench/README.md). A batch too big for one statement's parameters (PostgreSQL takes
 * at most 65,535) goes in chunks, in one transaction; so do batches that change tasks.
 */
export async function appendWrites(writes: readonly PendingWrite[]): Promise<void> {
	if (writes.length === 0) return;
	const bindings = writes.flatMap((write) =>
		write.userId ? write.newClients.map((clientId) => ({ doc: write.doc, clientId, userId: write.userId as string })) : []
	);
	const progress = writes.flatMap((write) => write.progress);
	const taskRows = writes.flatMap((write) => write.tasks);
	const acks = latestAcks(writes.flatMap((write) => write.acks ?? []));
	const inserts = insertsOf(writes, bindings, progress, acks);
	const parameters = inserts.reduce((sum, insert) => sum + insert.rows.length * insert.perRow, 0);
	if (taskRows.length === 0 && parameters <= maxParameters) {
		await db().execute(combined(inserts));
		return;
	}
	await db().transaction(async (tx) => {
		if (parameters <= maxParameters) await tx.execute(combined(inserts));
		else for (const statement of chunked(inserts)) await tx.execute(statement);
		await upsertTasks(tx, taskRows);
	});
}

type Binding = { doc: string; clientId: number; userId: string };
/** Rows for one table, and how to write some of them as one insert (a CTE body or a statement). */
type Insert<T = unknown> = { name: string; rows: T[]; perRow: number; statement(rows: T[]): SQL };

// Well below PostgreSQL's 65,535 bind parameters per statement.
const maxParameters = 30_000;
const values = (rows: SQL[]) => sql.join(rows, sql`, `);
// Timestamps travel as ISO text; both drivers convert it by the column's type.
const timestamp = (date: Date | null | undefined) => (date ? date.toISOString() : new Date().toISOString());

/** The last state of each acknowledgement within a batch: one statement may touch a row only once. */
function latestAcks(rows: readonly AckRow[]): AckRow[] {
	return [...new Map(rows.map((row) => [`${row.taskId}\u0000${row.userId}`, row])).values()];
}

function insert<T>(name: string, rows: T[], perRow: number, statement: (rows: T[]) => SQL): Insert {
	return { name, rows, perRow, statement } as Insert;
}

function insertsOf(writes: readonly PendingWrite[], bindings: Binding[], progress: ProgressRow[], acks: AckRow[]): Insert[] {
	const given = acks.filter((a) => a.ackedAt !== null);
	const taken = acks.filter((a) => a.ackedAt === null);
	return [
		insert('u', [...writes], 4, (rows) => sql`insert into ${yjsUpdates} (doc, "update", user_id, client_id) values ${values(rows.map((w) => sql`(${w.doc}, ${w.update}, ${w.userId}, ${w.clientId})`))}`),
		insert('c', bindings, 3, (rows) => sql`insert into ${yjsClientIds} (doc, client_id, user_id) values ${values(rows.map((b) => sql`(${b.doc}, ${b.clientId}, ${b.userId})`))} on conflict do nothing`),
		insert('p', progress, 8, (rows) =>
			sql`insert into ${progressEvents} (community_id, task_id, building_id, household_code, status, note, user_id, recorded_at) values ${values(
				rows.map((r) => sql`(${r.communityId}, ${r.taskId}, ${r.buildingId}, ${r.householdCode}, ${r.status}, ${r.note ?? null}, ${r.userId ?? null}, ${timestamp(r.recordedAt)})`)
			)}`
		),
		// An acknowledgement row belongs to the task's community: a task id used elsewhere never touches it.
		insert('a', given, 4, (rows) =>
			sql`insert into ${taskAcks} (task_id, community_id, user_id, acked_at) values ${values(rows.map((a) => sql`(${a.taskId}, ${a.communityId}, ${a.userId}, ${timestamp(a.ackedAt)})`))}
				on conflict (task_id, user_id) do update set acked_at = excluded.acked_at, stored_at = now() where ${taskAcks.communityId} = excluded.community_id`
		),
		insert('ad', taken, 3, (rows) =>
			sql`delete from ${taskAcks} where (task_id, user_id, community_id) in (${values(rows.map((a) => sql`(${a.taskId}, ${a.userId}, ${a.communityId})`))})`
		)
	].filter((part) => part.rows.length > 0);
}

/** Everything in one statement of data-modifying CTEs (the update log always has rows). */
function combined(inserts: readonly Insert[]): SQL {
	const parts = inserts.map((part) => sql`${sql.raw(part.name)} as (${part.statement(part.rows)} returning 1)`);
	return sql`with ${sql.join(parts, sql`, `)} select count(*) from u`;
}

function chunked(inserts: readonly Insert[]): SQL[] {
	const statements: SQL[] = [];
	for (const part of inserts) {
		const size = Math.max(1, Math.floor(maxParameters / part.perRow));
		for (let start = 0; start < part.rows.length; start += size) statements.push(part.statement(part.rows.slice(start, start + size)));
	}
	return statements;
}

async function upsertTasks(tx: Tx, rows: readonly TaskRow[]): Promise<void> {
	// The newest state of each task wins within a batch; a reopening in the batch still ends
	// the earlier closure, so a task reopened and closed again gets the new closing time.
	const latest = new Map(rows.map((row) => [row.id, row]));
	const reopened = new Set(rows.filter((row) => row.status !== 'closed').map((row) => row.id));
	for (const row of latest.values()) {
		const { id, ...fields } = row;
		const closedAt = row.status !== 'closed' ? null : reopened.has(id) ? row.closedAt : sql`coalesce(${tasks.closedAt}, excluded.closed_at)`;
		await tx
			.insert(tasks)
			.values(row)
			// A task id is the task's in one community only: a row of another community is never rewritten.
			.onConflictDoUpdate({ target: tasks.id, set: { ...fields, closedAt, updatedAt: new Date() }, setWhere: sql`${tasks.communityId} = excluded.community_id` });
	}
}

export type CompactionResult = { folded: number } | { busy: true };

/**
 * Folds the logged updates of a document into its snapshot, built from the rows (never
 * from memory, which may hold unstored changes). Deletes exactly the rows it folded, so an
 * update appended meanwhile stays in the log. The advisory lock makes a second instance
 * compacting at the same time step aside instead of overwriting a newer snapshot.
 */
export async function compactDocument(doc: string): Promise<CompactionResult> {
	return db().transaction(async (tx) => {
		const lock = rowsOf<{ ok: boolean }>(await tx.execute(sql`select pg_try_advisory_xact_lock(hashtext(${'yjs:' + doc})) as ok`));
		if (!lock[0]?.ok) return { busy: true };
		const [snapshot] = await tx.select().from(yjsSnapshots).where(eq(yjsSnapshots.doc, doc));
		const rows = await tx.select({ id: yjsUpdates.id, update: yjsUpdates.update }).from(yjsUpdates).where(eq(yjsUpdates.doc, doc)).orderBy(asc(yjsUpdates.id));
		if (rows.length === 0) return { folded: 0 };
		const ydoc = new Y.Doc({ gc: true });
		try {
			if (snapshot) Y.applyUpdate(ydoc, await decodeSnapshot(snapshot));
			for (const row of rows) Y.applyUpdate(ydoc, row.update);
			const stored = await encodeSnapshot(Y.encodeStateAsUpdate(ydoc));
			const folded = (snapshot?.updatesFolded ?? 0) + rows.length;
			await tx
				.insert(yjsSnapshots)
				.values({ doc, ...stored, updatesFolded: folded })
				.onConflictDoUpdate({ target: yjsSnapshots.doc, set: { ...stored, updatesFolded: folded, at: new Date() } });
			const ids = rows.map((row) => row.id);
			for (let start = 0; start < ids.length; start += 5000) {
				await tx.delete(yjsUpdates).where(and(eq(yjsUpdates.doc, doc), inArray(yjsUpdates.id, ids.slice(start, start + 5000))));
			}
			return { folded: rows.length };
		} finally {
			ydoc.destroy();
		}
	});
}
