/**
 * One building, one figure: marks written over the real socket, to a building with
 * household codes and to one whose list was never entered, read the same through the task API
 * (from the projection tables) as `tallyBuilding` gives from the live document.
 */
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProgressStatus } from '../../../src/lib/domain/community-doc';
import { sumTallies, tallyBuilding, type Tally } from '../../../src/lib/domain/progress';
import { createTask, markHousehold, taskOf } from '../../../src/lib/domain/task-doc';
import { readTask } from '../../../src/lib/domain/task-view';
import { db } from '../../../src/lib/server/db';
import { buildings, households } from '../../../src/lib/server/db/schema';
import { demoPlaces, type DemoPlaces } from '../../fixtures/demo-places';
import type { HttpClient } from '../../fixtures/http-client';
import { pageData } from '../../fixtures/page-data';
import type { TaskContext } from '../../../src/lib/domain/task-context';
import { signInAll } from '../../fixtures/structure-places';
import { SyncClient, waitFor } from '../../fixtures/sync-client';
import { newTask } from '../../fixtures/task-factory';
import { startTestServer, type TestServer } from '../../fixtures/test-server';

/** Times in the document must lie between 2020 and a day ahead of the server's clock. */
const T = Date.now() - 3_600_000;

let server: TestServer;
let places: DemoPlaces;
let clients: Map<string, HttpClient>;
let chief: SyncClient;
let liaison: SyncClient;
let coded: string;
const codeless = 'building-without-households';

async function codesOf(buildingId: string): Promise<string[]> {
	const rows = await db().select({ code: households.code }).from(households).where(eq(households.buildingId, buildingId)).orderBy(asc(households.code));
	return rows.map((row) => row.code);
}

beforeAll(async () => {
	server = await startTestServer();
	places = await demoPlaces();
	coded = places.liaison01Buildings[0];
	// A building of liaison01's micro-grid whose household list was never entered, added before
	// anyone connects, so the sync server's write rules know where it is.
	const [{ microGridId, communityId }] = await db().select().from(buildings).where(eq(buildings.id, coded));
	await db().insert(buildings).values({ id: codeless, communityId, microGridId, label: '99栋', units: 1, floors: 1, roomsPerFloor: 1 });
	clients = await signInAll(server.url, ['chief1', 'liaison01', 'liaison02', 'secretary', 'street1']);
	chief = SyncClient.forCommunity(server.url, places.communityId, clients.get('chief1')!.cookieHeader());
	liaison = SyncClient.forCommunity(server.url, places.communityId, clients.get('liaison01')!.cookieHeader());
	await Promise.all([chief.synced(), liaison.synced()]);
});
afterAll(async () => {
	chief?.destroy();
	liaison?.destroy();
	await server?.stop();
});

/** The context the task pages are sent, as the browser receives it. */
async function taskPageContext(client: HttpClient): Promise<TaskContext> {
	const [, tasks] = await pageData(client, '/tasks');
	return tasks.context as TaskContext;
}

describe('coverage figures of the task API', () => {
	it('equal tallyBuilding over the live marks, for a building with codes and one without, more marks than households included', async () => {
		const [first, second, third, fourth] = await codesOf(coded);
		expect(fourth).toBeDefined();
		expect(await codesOf(codeless)).toEqual([]);
		const task = newTask(places.userIds.get('chief1')!, [coded, codeless]);
		createTask(chief.doc, task);
		await waitFor(() => !!taskOf(liaison.doc, task.id), 5000, 'task reaches the liaison');

		const by = places.userIds.get('liaison01')!;
		const marks: [string, string, ProgressStatus | null, number][] = [
			[coded, first, 'visited', 1],
			[coded, second, 'refused', 4],
			[coded, third, 'absent', 2],
			[coded, third, null, 5], // taken back
			[coded, fourth, 'issue', 3],
			[coded, '99-9999', 'visited', 9], // not a household of the building: never counts
			// Five marks for a building of no households: it stays 0/0, never 5/0.
			...[1, 2, 3, 4, 5].map((i): [string, string, ProgressStatus, number] => [codeless, `1-${i}01`, 'visited', i])
		];
		for (const [buildingId, code, s, at] of marks) markHousehold(liaison.doc, task.id, buildingId, code, s && { s, by, at: T + at * 1000 });
		await waitFor(() => liaison.confirmed, 5000, 'marks stored');
		expect(liaison.refusals).toEqual([]);

		// What every screen computes from the live document, with the codes the server holds.
		const view = readTask(task.id, taskOf(chief.doc, task.id)!);
		expect(Object.keys(view.progress[codeless] ?? {})).toHaveLength(5);
		const expected = new Map<string, Tally>();
		for (const id of [coded, codeless]) {
			const codes = await codesOf(id);
			expected.set(id, tallyBuilding({ households: codes, householdCount: codes.length }, view.progress[id] ?? {}));
		}
		expect(expected.get(coded)).toMatchObject({ visited: 1, refused: 1, absent: 0, issue: 1, done: 3, lastAt: T + 4000 });
		expect(expected.get(codeless)).toEqual({ total: 0, visited: 0, absent: 0, refused: 0, issue: 0, done: 0, lastAt: null });

		const chiefApi = clients.get('chief1')!;
		const apiFigures = async () => (await chiefApi.getJson(`/api/tasks/${task.id}`)).body.buildings;
		await expect
			.poll(apiFigures, { timeout: 5000 })
			.toEqual([coded, codeless].map((buildingId) => ({ buildingId, ...expected.get(buildingId)! })));

		// Every viewer's task pages are sent the codes, so each screen's tally is the API's: also for
		// liaison02, whose micro-grid this is not, and the street office.
		for (const username of ['chief1', 'liaison01', 'liaison02', 'secretary', 'street1']) {
			const context = await taskPageContext(clients.get(username)!);
			for (const id of [coded, codeless]) {
				const building = context.buildings.find((b) => b.id === id);
				expect(tallyBuilding(building, view.progress[id] ?? {}), `${username} · ${id}`).toEqual(expected.get(id));
			}
		}

		// The task list (counted in SQL) and the rounds sum the same figures.
		const sum = sumTallies(expected.values());
		const listed = (await chiefApi.getJson(`/api/communities/${places.communityId}/tasks`)).body.tasks.find((t: { id: string }) => t.id === task.id);
		expect(listed).toMatchObject({ total: sum.total, done: sum.done });
		const [round] = (await chiefApi.getJson(`/api/tasks/${task.id}/rounds`)).body.rounds;
		const { lastAt: _lastAt, ...counts } = sum;
		expect(round).toMatchObject(counts);
	});
});
