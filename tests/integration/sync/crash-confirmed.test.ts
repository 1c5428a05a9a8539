import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createTask, taskOf } from '../../../src/lib/domain/task-doc';
import { closeDatabase, db, openDatabase } from '../../../src/lib/server/db';
import { progressEvents } from '../../../src/lib/server/db/schema';
import { communityBuildings, signInParticipant, type Participant } from '../../fixtures/remote-participant';
import { childDatabase, databaseEnv, freePort, ServerProcess } from '../../fixtures/server-process';
import { keepWriting, type Mark, type Writer } from '../../fixtures/marking-writers';
import { SyncClient, waitFor } from '../../fixtures/sync-client';
import { createTestDatabase, type TestDatabase } from '../../fixtures/test-database';

let database: TestDatabase | null = null;
let server: ServerProcess | null = null;
const clients: SyncClient[] = [];

afterAll(async () => {
	for (const client of clients) client.destroy();
	await server?.kill();
	await closeDatabase();
	await database?.drop();
});

function connect(url: string, who: Participant): SyncClient {
	const client = SyncClient.forCommunity(url, who.communityId, who.cookie);
	clients.push(client);
	return client;
}

/** The marks the server has told their writer are stored. */
function confirmedMarks(writer: Writer): Mark[] {
	const stored = writer.client.stored.get(writer.client.clientId) ?? 0;
	return writer.marks.filter((mark) => mark.end <= stored);
}

describe('a server killed with nobody left to re-send', () => {
	it('holds every change it confirmed as stored, with the writers and their documents gone', async () => {
		database = await createTestDatabase();
		const port = await freePort();
		// Compaction runs all along, so a confirmed change folded into a snapshot counts too.
		server = new ServerProcess(port, { ...databaseEnv(database.config), DEMO: '1', SYNC_COMPACT_AFTER_ROWS: '40' });
		await server.start();

		const [chief, liaison] = await Promise.all([signInParticipant(server.url, 'chief1'), signInParticipant(server.url, 'liaison01')]);
		const inGrid = (await communityBuildings(server.url, chief)).filter((b) => chief.gridIds.includes(b.gridId));
		const liaisonBuilding = inGrid.find((b) => liaison.microGridIds.includes(b.microGridId))!;
		const chiefBuilding = inGrid.find((b) => b.id !== liaisonBuilding.id)!;
		const taskId = 'task-crash-confirmed';
		const writers: Writer[] = [
			{ who: chief, client: connect(server.url, chief), buildingId: chiefBuilding.id, marks: [] },
			{ who: liaison, client: connect(server.url, liaison), buildingId: liaisonBuilding.id, marks: [] }
		];
		await Promise.all(writers.map((w) => w.client.synced()));
		createTask(writers[0].client.doc, { id: taskId, title: '断电排查', kind: 'check', instructions: '', createdBy: chief.userId, createdAt: Date.now(), dueAt: null, scope: inGrid.map((b) => b.id) });
		await waitFor(() => !!taskOf(writers[1].client.doc, taskId) && writers[0].client.confirmed, 20_000, 'task stored and at the liaison');

		const stop = keepWriting(writers, taskId);
		await waitFor(() => writers.every((w) => confirmedMarks(w).length >= 150), 40_000, 'confirmed marks before the crash');
		// Mid-stream: the writers are still marking while the server dies.
		await server.kill();
		stop();
		// Whatever confirmation the server sent before dying has arrived by now; nothing more can.
		const confirmed = writers.map((w) => ({ writer: w, marks: confirmedMarks(w) }));
		for (const writer of writers) writer.client.destroy();
		clients.splice(0);
		const unconfirmed = writers.reduce((sum, w) => sum + w.marks.length, 0) - confirmed.reduce((sum, c) => sum + c.marks.length, 0);
		console.info(`[crash-confirmed] ${confirmed.map((c) => `${c.writer.who.username}: ${c.marks.length}/${c.writer.marks.length}`).join(', ')} confirmed; ${unconfirmed} written but unconfirmed when killed`);

		await server.start();
		const fresh = connect(server.url, chief);
		await fresh.synced(20_000);
		const progress = taskOf(fresh.doc, taskId)?.get('progress') as Y.Map<Y.Map<{ s: string; by: string }>> | undefined;
		for (const { writer, marks } of confirmed) {
			const held = progress?.get(writer.buildingId)?.toJSON() ?? {};
			const missing = marks.filter((mark) => held[mark.code]?.by !== writer.who.userId);
			expect(missing.map((mark) => mark.code), `confirmed marks of ${writer.who.username} lost`).toEqual([]);
		}
		fresh.destroy();
		clients.splice(0);
		await server.stop();

		openDatabase(childDatabase(database.config));
		const events = await db().select({ code: progressEvents.householdCode }).from(progressEvents).where(eq(progressEvents.taskId, taskId));
		const rows = new Map<string, number>();
		for (const { code } of events) rows.set(code, (rows.get(code) ?? 0) + 1);
		// Every confirmed mark has its row, once (no writer was left to send anything twice).
		for (const { marks } of confirmed) {
			expect(marks.filter((mark) => rows.get(mark.code) !== 1).map((mark) => `${mark.code}×${rows.get(mark.code) ?? 0}`)).toEqual([]);
		}
		expect([...rows].filter(([, count]) => count > 1)).toEqual([]);
	}, 180_000);
});
