import { and, count, eq, isNotNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { closeDatabase, db, openDatabase } from '../../../src/lib/server/db';
import { progressEvents, taskAcks, tasks, yjsClientIds, yjsSnapshots, yjsUpdates } from '../../../src/lib/server/db/schema';
import { prepareApp, resetPrepared } from '../../../src/lib/server/startup';
import { appendWrites, compactDocument, loadDocument, type PendingWrite } from '../../../server/sync/persistence';
import { snapshotCodecs } from '../../../server/sync/snapshot-codec';
import { createTestDatabase, type TestDatabase } from '../../fixtures/test-database';

let database: TestDatabase;

beforeAll(async () => {
	process.env.DEMO = '0';
	database = await createTestDatabase();
	openDatabase(database.config);
	resetPrepared();
	await prepareApp();
});
afterAll(async () => {
	await closeDatabase();
	resetPrepared();
	await database?.drop();
});

/** A source document whose every change becomes one pending log row. */
function writer(doc: string) {
	const source = new Y.Doc();
	const rows: PendingWrite[] = [];
	source.on('update', (update: Uint8Array) => rows.push({ doc, update, userId: null, clientId: source.clientID, newClients: [], progress: [], tasks: [] }));
	return { source, take: () => rows.splice(0) };
}

async function loadedState(doc: string): Promise<unknown> {
	const loaded = await loadDocument(doc);
	const target = new Y.Doc();
	for (const update of loaded.updates) Y.applyUpdate(target, update);
	return target.getMap('m').toJSON();
}

describe('the update log', () => {
	it('loads snapshot plus tail, and compaction folds exactly the rows it read', async () => {
		const doc = 'community:persist-1';
		const { source, take } = writer(doc);
		for (let i = 0; i < 20; i++) source.getMap('m').set(`k${i}`, i);
		await appendWrites(take());
		expect(await compactDocument(doc)).toEqual({ folded: 20 });
		for (let i = 20; i < 25; i++) source.getMap('m').set(`k${i}`, i);
		await appendWrites(take());

		expect(await db().select({ id: yjsUpdates.id }).from(yjsUpdates).where(eq(yjsUpdates.doc, doc))).toHaveLength(5);
		const [snapshot] = await db().select().from(yjsSnapshots).where(eq(yjsSnapshots.doc, doc));
		expect(snapshot.updatesFolded).toBe(20);
		expect(await loadedState(doc)).toEqual(source.getMap('m').toJSON());
	});

	it('keeps the snapshot deflated, and still loads and folds a plain one written before migration 0012', async () => {
		const doc = 'community:persist-codec';
		const { source, take } = writer(doc);
		// Household keys and user ids repeat as they do in a community document.
		source.transact(() => {
			for (let i = 0; i < 400; i++) source.getMap('m').set(`household-${i}`, { s: 'visited', by: 'user-0b7c6c1e-5a44-4e0e-9f0e-4e1b2f6f7a11', at: 1_733_000_000_000 + i });
		});
		await appendWrites(take());
		expect(await compactDocument(doc)).toEqual({ folded: 1 });
		const [deflated] = await db().select().from(yjsSnapshots).where(eq(yjsSnapshots.doc, doc));
		const update = Y.encodeStateAsUpdate(source);
		expect(deflated.codec).toBe(snapshotCodecs.deflated);
		expect(deflated.state.byteLength, 'the stored snapshot is a fraction of the update').toBeLessThan(update.byteLength / 3);
		expect(await loadedState(doc)).toEqual(source.getMap('m').toJSON());

		// As an older server version left it: the update itself, codec 0.
		await db().update(yjsSnapshots).set({ state: update, codec: snapshotCodecs.plain }).where(eq(yjsSnapshots.doc, doc));
		expect(await loadedState(doc)).toEqual(source.getMap('m').toJSON());
		source.getMap('m').set('household-new', { s: 'absent', by: 'user-0b7c6c1e-5a44-4e0e-9f0e-4e1b2f6f7a11', at: 1 });
		await appendWrites(take());
		expect(await compactDocument(doc)).toEqual({ folded: 1 });
		const [rewritten] = await db().select().from(yjsSnapshots).where(eq(yjsSnapshots.doc, doc));
		expect(rewritten.codec).toBe(snapshotCodecs.deflated);
		expect(await loadedState(doc)).toEqual(source.getMap('m').toJSON());

		// A codec this version does not know (a newer server wrote it): the load refuses, it never guesses.
		await db().update(yjsSnapshots).set({ codec: 9 }).where(eq(yjsSnapshots.doc, doc));
		await expect(loadDocument(doc)).rejects.toThrow('snapshot codec 9 is unknown');
		await db().update(yjsSnapshots).set({ codec: snapshotCodecs.deflated }).where(eq(yjsSnapshots.doc, doc));
	});

	it('loses nothing when two compactions and new appends run at once', async () => {
		const doc = 'community:persist-2';
		const { source, take } = writer(doc);
		for (let round = 0; round < 5; round++) {
			for (let i = 0; i < 30; i++) source.getMap('m').set(`r${round}-${i}`, i);
			const batch = take();
			const results = await Promise.all([compactDocument(doc), appendWrites(batch), compactDocument(doc)]);
			const compactions = [results[0], results[2]];
			// PostgreSQL: one may find the other holding the lock; PGlite runs them one after the other.
			expect(compactions.every((result) => 'busy' in result || typeof result.folded === 'number')).toBe(true);
		}
		expect(await loadedState(doc)).toEqual(source.getMap('m').toJSON());
		await compactDocument(doc);
		expect(await db().select({ id: yjsUpdates.id }).from(yjsUpdates).where(eq(yjsUpdates.doc, doc))).toHaveLength(0);
		expect(await loadedState(doc)).toEqual(source.getMap('m').toJSON());
	});

	it('a load racing a compaction sees every row: in the snapshot, in the log, or in both', async () => {
		const doc = 'community:persist-race';
		const { source, take } = writer(doc);
		for (let round = 0; round < 40; round++) {
			for (let i = 0; i < 10; i++) source.getMap('m').set(`r${round}-${i}`, i);
			await appendWrites(take());
			const expected = source.getMap('m').toJSON();
			// Loads started before, with and after the fold; each must hold everything appended so far.
			const [first, , second, third] = await Promise.all([loadedState(doc), compactDocument(doc), loadedState(doc), loadedState(doc)]);
			for (const loaded of [first, second, third]) expect(loaded, `round ${round}`).toEqual(expected);
		}
	});

	it('loads the owners of the client ids with the updates, as numbers', async () => {
		const doc = 'community:persist-owners';
		const { source, take } = writer(doc);
		source.getMap('m').set('a', 1);
		const [row] = take();
		await appendWrites([{ ...row, userId: 'owner-1', newClients: [source.clientID, 4_000_000_000] }]);
		const loaded = await loadDocument(doc);
		expect(loaded.owners).toEqual(new Map([[source.clientID, 'owner-1'], [4_000_000_000, 'owner-1']]));
		expect(loaded.logRows).toBe(1);
		expect(loaded.updates).toHaveLength(1);
		expect(loaded.updates[0]).toBeInstanceOf(Uint8Array);
	});

	it('stores every kind of row alike: in one statement, in a transaction with task rows, and in chunks past the parameter limit', async () => {
		const community = 'persist-kinds';
		const at = new Date('2026-12-01T20:00:00Z');
		const mark = (doc: string, index: number) => {
			const { source, take } = writer(doc);
			source.getMap('m').set(`k${index}`, index);
			const [row] = take();
			return row;
		};
		const progress = (taskId: string, index: number) => ({
			communityId: community,
			taskId,
			buildingId: 'b1',
			householdCode: `${index}`,
			status: 'visited',
			note: index === 0 ? "it's fine: \\x00 $1 ?" : null,
			userId: 'u1',
			recordedAt: at
		});
		const stored = async (taskId: string) => ({
			progress: (await db().select({ n: count() }).from(progressEvents).where(eq(progressEvents.taskId, taskId)))[0].n,
			acks: await db().select({ userId: taskAcks.userId, ackedAt: taskAcks.ackedAt }).from(taskAcks).where(eq(taskAcks.taskId, taskId))
		});

		// One statement: updates, a client id binding, progress, an acknowledgement given and one taken back.
		await appendWrites([{ ...mark('community:persist-kinds-a', 0), userId: 'u2', clientId: 7, newClients: [7], progress: [], tasks: [], acks: [{ taskId: 't-a', communityId: community, userId: 'u2', ackedAt: at }] }]);
		await appendWrites([
			{ ...mark('community:persist-kinds-a', 1), userId: 'u1', clientId: 8, newClients: [8], progress: [progress('t-a', 0), progress('t-a', 1)], tasks: [], acks: [{ taskId: 't-a', communityId: community, userId: 'u1', ackedAt: at }, { taskId: 't-a', communityId: community, userId: 'u2', ackedAt: null }] }
		]);
		expect(await stored('t-a')).toEqual({ progress: 2, acks: [{ userId: 'u1', ackedAt: at }] });
		expect(await db().select({ userId: yjsClientIds.userId }).from(yjsClientIds).where(eq(yjsClientIds.doc, 'community:persist-kinds-a'))).toHaveLength(2);
		const notes = await db().select({ note: progressEvents.note }).from(progressEvents).where(and(eq(progressEvents.taskId, 't-a'), isNotNull(progressEvents.note)));
		expect(notes.map((row) => row.note), 'a note is a parameter, never SQL text').toEqual(["it's fine: \\x00 $1 ?"]);

		// A task row sends the batch through a transaction.
		const task = { id: 't-b', communityId: community, title: '夜查', status: 'open', scope: ['b1'] };
		await appendWrites([{ ...mark('community:persist-kinds-b', 0), userId: 'u1', progress: [progress('t-b', 0)], tasks: [task], acks: [{ taskId: 't-b', communityId: community, userId: 'u1', ackedAt: at }] }]);
		expect(await stored('t-b')).toEqual({ progress: 1, acks: [{ userId: 'u1', ackedAt: at }] });
		expect(await db().select({ title: tasks.title }).from(tasks).where(eq(tasks.id, 't-b'))).toEqual([{ title: '夜查' }]);

		// 8,200 progress rows take 65,600 parameters, more than PostgreSQL takes in one statement (65,535).
		const many = Array.from({ length: 8200 }, (_, index) => progress('t-c', index));
		await appendWrites([{ ...mark('community:persist-kinds-c', 0), userId: 'u1', progress: many, tasks: [] }]);
		expect(await stored('t-c')).toEqual({ progress: 8200, acks: [] });
		expect(await db().select({ id: yjsUpdates.id }).from(yjsUpdates).where(eq(yjsUpdates.doc, 'community:persist-kinds-c'))).toHaveLength(1);
	});

	it('keeps a failed batch for a retry instead of dropping it', async () => {
		const doc = 'community:persist-3';
		const { source, take } = writer(doc);
		source.getMap('m').set('a', 1);
		const [good] = take();
		const broken = { ...good, doc: null as unknown as string };
		await expect(appendWrites([good, broken])).rejects.toThrow();
		// The transaction rolled back: the good row of the failed batch is not half-stored.
		expect(await db().select().from(yjsUpdates).where(eq(yjsUpdates.doc, doc))).toHaveLength(0);
	});
});
