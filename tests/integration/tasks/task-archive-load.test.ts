/**
 * Archiving when a document loads, with the default age (2 days): a task the projection shows
 * closed 3 days ago leaves the document right after it is next loaded, its archived paths
 * stored first; one closed a day ago, and an open one, stay. The paths are dropped after the
 * late window (30 days). Documents unload after 300 ms without connections here.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeTask, createTask, markHousehold, taskOf } from '../../../src/lib/domain/task-doc';
import { newTaskId } from '../../../src/lib/domain/task-ids';
import { db } from '../../../src/lib/server/db';
import { taskArchivePaths, tasks } from '../../../src/lib/server/db/schema';
import { dropExpiredArchivedPaths } from '../../../server/sync/archive';
import { HttpClient } from '../../fixtures/http-client';
import { waitFor } from '../../fixtures/sync-client';
import { SyncScenario } from '../../fixtures/sync-scenarios';

/** Times in the document must lie between 2020 and a day ahead of the server's clock; the test's own clock starts an hour ago. */
const T = Date.now() - 3_600_000;

const settings = { SYNC_IDLE_UNLOAD_MS: '300', TASK_ARCHIVE_AFTER_MS: undefined, TASK_ARCHIVE_AFTER_DAYS: undefined, TASK_LATE_WINDOW_DAYS: undefined };
const saved = Object.fromEntries(Object.keys(settings).map((key) => [key, process.env[key]]));
const day = 24 * 3_600_000;

let world: SyncScenario;

async function docsLoaded(): Promise<number> {
	return ((await (await fetch(`${world.server.url}/healthz`)).json()) as { docsLoaded: number }).docsLoaded;
}

beforeAll(async () => {
	for (const [key, value] of Object.entries(settings)) {
		if (value === undefined) delete process.env[key];
		else process.env[key] = value;
	}
	world = await SyncScenario.start();
});
afterAll(async () => {
	await world?.stop();
	for (const [key, value] of Object.entries(saved)) {
		if (value === undefined) delete process.env[key];
		else process.env[key] = value;
	}
});

describe('archiving at load', () => {
	it('removes tasks closed more than 2 days ago by the projection, keeps younger and open ones, and keeps their figures', async () => {
		const chiefId = world.userId('chief1');
		const own = world.places.liaison01Buildings;
		const [old, recent, open] = [newTaskId(), newTaskId(), newTaskId()];
		const chief = await world.connect('chief1');
		for (const id of [old, recent, open]) createTask(chief.doc, world.newTask(chiefId, own, { id }));
		markHousehold(chief.doc, old, own[0], '1-101', { s: 'visited', by: chiefId, at: T + 7_000 });
		closeTask(chief.doc, old);
		closeTask(chief.doc, recent);
		await waitFor(() => chief.confirmed, 10_000, 'stored');
		await expect
			.poll(async () => (await db().select({ closedAt: tasks.closedAt }).from(tasks).where(eq(tasks.id, recent)))[0]?.closedAt, { timeout: 10_000 })
			.toBeInstanceOf(Date);

		// Loaded, nothing is old enough yet.
		chief.destroy();
		await expect.poll(docsLoaded, { timeout: 10_000 }).toBe(0);
		const again = await world.connect('liaison01');
		expect([old, recent, open].map((id) => !!taskOf(again.doc, id))).toEqual([true, true, true]);
		again.destroy();
		await expect.poll(docsLoaded, { timeout: 10_000 }).toBe(0);

		// As if they had been closed 3 days and 1 day ago.
		await db().update(tasks).set({ closedAt: new Date(Date.now() - 3 * day) }).where(eq(tasks.id, old));
		await db().update(tasks).set({ closedAt: new Date(Date.now() - 1 * day) }).where(eq(tasks.id, recent));
		const reader = new HttpClient(world.server.url);
		await reader.signIn('chief1');
		const before = (await reader.getJson(`/api/tasks/${old}`)).body;

		// The pass starts once the document is loaded; the first client syncs without waiting for it
		// and gets the archive as a server write right after.
		const liaison = await world.connect('liaison01');
		await waitFor(() => !taskOf(liaison.doc, old), 10_000, 'the old task leaves the first client');
		expect([old, recent, open].map((id) => !!taskOf(liaison.doc, id))).toEqual([false, true, true]);
		// The archiving write is stored by the next group commit.
		await expect.poll(async () => (await world.storedDoc()).getMap('tasks').has(old), { timeout: 10_000 }).toBe(false);
		expect((await world.storedDoc()).getMap('tasks').has(recent)).toBe(true);
		const after = await reader.getJson(`/api/tasks/${old}`);
		expect(after.status).toBe(200);
		expect(after.body).toEqual(before);
		expect(after.body.buildings[0]).toMatchObject({ visited: 1, lastAt: T + 7_000 });

		// Its archived paths were stored (only the archived task's); the late window drops them, and only them.
		const paths = await db().select({ taskId: taskArchivePaths.taskId }).from(taskArchivePaths).where(eq(taskArchivePaths.communityId, world.places.communityId));
		expect(paths.map((row) => row.taskId)).toContain(old);
		expect(paths.map((row) => row.taskId)).not.toContain(recent);
		expect(await dropExpiredArchivedPaths(30 * day)).toBe(0);
		await db().update(taskArchivePaths).set({ archivedAt: new Date(Date.now() - 31 * day) }).where(eq(taskArchivePaths.taskId, old));
		expect(await dropExpiredArchivedPaths(30 * day)).toBe(1);
		expect(await db().select().from(taskArchivePaths).where(eq(taskArchivePaths.taskId, old))).toEqual([]);
	});
});
