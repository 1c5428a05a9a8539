/**
 * Writes the demo's eight weeks of tasks (`demo-history.ts`) where the sync server would have
 * left them: every task in the projection tables (`tasks`, `progress_events`, `task_acks`), and
 * the tasks that are open or closed within the archiving age also in the community's live
 * document, built with the document's own functions and stored as one server write in
 * `yjs_updates` (user id null), so the projection equals the document. Older closed tasks are
 * only rows, exactly what archiving leaves.
 */
import { asc, eq, inArray } from 'drizzle-orm';
import * as Y from 'yjs';
import { communityDocName } from '../../domain/sync-protocol';
import { acknowledge, addNote, closeTask, createTask, markHousehold, sendReminder } from '../../domain/task-doc';
import { newTaskId } from '../../domain/task-ids';
import { db, type Tx } from '../db';
import { buildings, communities, grids, households, memberships, microGrids, progressEvents, taskAcks, tasks, yjsUpdates } from '../db/schema';
import { readSyncSettings } from '../sync-settings';
import { demoHistory, type HistoryPlaces, type PlannedTask } from './demo-history';

/** The demo community's structure in the demo's order, with every building's household codes. */
async function historyPlaces(tx: Tx): Promise<{ communityId: string; places: HistoryPlaces } | null> {
	const [community] = await tx.select({ id: communities.id }).from(communities).where(eq(communities.name, '乐雅社区')).limit(1);
	if (!community) return null;
	const gridRows = await tx.select().from(grids).where(eq(grids.communityId, community.id)).orderBy(asc(grids.sortOrder));
	const microRows = await tx.select().from(microGrids).where(eq(microGrids.communityId, community.id)).orderBy(asc(microGrids.sortOrder));
	const roles = await tx.select().from(memberships).where(eq(memberships.communityId, community.id));
	const buildingRows = await tx.select().from(buildings).where(eq(buildings.communityId, community.id));
	const doors = await tx
		.select({ buildingId: households.buildingId, code: households.code })
		.from(households)
		.where(inArray(households.buildingId, buildingRows.map((b) => b.id)))
		.orderBy(asc(households.unit), asc(households.floor), asc(households.room));
	const codes = new Map<string, string[]>();
	for (const door of doors) {
		if (!codes.has(door.buildingId)) codes.set(door.buildingId, []);
		codes.get(door.buildingId)!.push(door.code);
	}
	const secretary = roles.find((r) => r.role === 'secretary');
	if (!secretary) return null;
	const number = (label: string) => Number.parseInt(label, 10);
	const places: HistoryPlaces = {
		secretaryId: secretary.userId,
		grids: gridRows.map((grid) => ({
			chiefId: roles.find((r) => r.role === 'chief' && r.gridId === grid.id)!.userId,
			microGrids: microRows
				.filter((micro) => micro.gridId === grid.id)
				.map((micro) => ({
					liaisonId: roles.find((r) => r.role === 'liaison' && r.microGridId === micro.id)!.userId,
					buildings: buildingRows
						.filter((b) => b.microGridId === micro.id)
						.sort((a, b) => number(a.label) - number(b.label))
						.map((b) => ({ id: b.id, label: b.label, codes: codes.get(b.id) ?? [], neglectedSince: null }))
				}))
		}))
	};
	return { communityId: community.id, places };
}

/** The live document's tasks, written with the same functions the pages use. */
function liveDocument(live: readonly PlannedTask[]): Y.Doc {
	const doc = new Y.Doc();
	doc.transact(() => {
		for (const task of live) {
			createTask(doc, { ...task });
			for (const ack of task.acks) acknowledge(doc, task.id, ack.userId, ack.at);
			for (const reminder of task.reminders) sendReminder(doc, task.id, reminder);
			for (const mark of task.marks) markHousehold(doc, task.id, mark.buildingId, mark.code, mark);
			for (const note of task.notes) addNote(doc, task.id, note);
			if (task.closedAt !== null) closeTask(doc, task.id);
		}
	});
	return doc;
}

/** Rows a few seconds after what they record, as the group commit stores them. */
const storedAfter = (at: number, offset: number) => new Date(at + 1_000 + (offset % 7) * 700);

async function insertChunked<T>(rows: T[], size: number, insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
	for (let start = 0; start < rows.length; start += size) await insert(rows.slice(start, start + size));
}

async function writeProjection(tx: Tx, communityId: string, planned: readonly PlannedTask[]): Promise<void> {
	const taskRows = planned.map((task) => ({
		id: task.id,
		communityId,
		title: task.title,
		kind: task.kind,
		instructions: task.instructions,
		status: task.closedAt === null ? 'open' : 'closed',
		round: task.round,
		roundOf: task.roundOf,
		createdBy: task.createdBy,
		createdAt: new Date(task.createdAt),
		dueAt: task.dueAt === null ? null : new Date(task.dueAt),
		closedAt: task.closedAt === null ? null : new Date(task.closedAt),
		scope: task.scope,
		reminders: task.reminders.length,
		updatedAt: new Date(Math.max(task.createdAt, task.closedAt ?? 0, ...task.reminders.map((r) => r.at)))
	}));
	const markRows = planned.flatMap((task) =>
		task.marks.map((mark, index) => ({
			communityId,
			taskId: task.id,
			buildingId: mark.buildingId,
			householdCode: mark.code,
			status: mark.s,
			note: mark.note ?? null,
			userId: mark.by,
			recordedAt: new Date(mark.at),
			storedAt: storedAfter(mark.at, index)
		}))
	);
	const ackRows = planned.flatMap((task) =>
		task.acks.map((ack, index) => ({ taskId: task.id, communityId, userId: ack.userId, ackedAt: new Date(ack.at), storedAt: storedAfter(ack.at, index) }))
	);
	await insertChunked(taskRows, 500, (chunk) => tx.insert(tasks).values(chunk));
	await insertChunked(markRows, 3000, (chunk) => tx.insert(progressEvents).values(chunk));
	await insertChunked(ackRows, 2000, (chunk) => tx.insert(taskAcks).values(chunk));
}

/** Seeds the history into the demo community (once, in `seedDemoSamples`'s transaction). */
export async function seedDemoHistory(now = Date.now(), tx: Tx = db()): Promise<void> {
	const found = await historyPlaces(tx);
	if (!found) return;
	const history = demoHistory(found.places, now, newTaskId);
	// As the sync server reads it; were they to disagree, it archives at load what is older, as it always does.
	const archivedBefore = now - readSyncSettings(process.env).taskArchiveAfterMs;
	const live = history.tasks.filter((task) => task.closedAt === null || task.closedAt > archivedBefore);
	const doc = liveDocument(live);
	const update = Y.encodeStateAsUpdate(doc);
	doc.destroy();
	await writeProjection(tx, found.communityId, history.tasks);
	await tx.insert(yjsUpdates).values({ doc: communityDocName(found.communityId), update, userId: null, clientId: null });
}
