/**
 * One coverage figure: what `GET /api/communities/:id/coverage` answers equals a direct count
 * over `progress_events` (the latest mark of each task and household in the window, not a
 * clear, of a household the community has), written here on its own, and equals the domain's
 * rule (`buildingCoverage`) over the same rows, for random windows over months of marks that
 * arrived out of order; week by week too. A liaison's tap over the real socket shows at once.
 */
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildingCoverage, type BuildingCoverage, type CoverageMark } from '../../../src/lib/domain/coverage';
import { recentWeeks } from '../../../src/lib/domain/coverage-weeks';
import type { Period } from '../../../src/lib/domain/matter-figures';
import { acknowledge, createTask, markHousehold, taskOf } from '../../../src/lib/domain/task-doc';
import { db } from '../../../src/lib/server/db';
import { buildings, households, memberships, microGrids, progressEvents, users } from '../../../src/lib/server/db/schema';
import { communityCoverageByWeek } from '../../../src/lib/server/oversight/community-coverage';
import { codesByBuilding, epochMs, insertHistory, seeded, sqlRows } from '../../fixtures/coverage-marks';
import { demoPlaces, type DemoPlaces } from '../../fixtures/demo-places';
import type { HttpClient } from '../../fixtures/http-client';
import { signInAll } from '../../fixtures/structure-places';
import { SyncClient, waitFor } from '../../fixtures/sync-client';
import { newTask } from '../../fixtures/task-factory';
import { startTestServer, type TestServer } from '../../fixtures/test-server';

const day = 86_400_000;
const historyEnd = Date.now() - 60_000;
const historyStart = historyEnd - 120 * day;

let server: TestServer;
let places: DemoPlaces;
let clients: Map<string, HttpClient>;

beforeAll(async () => {
	server = await startTestServer();
	places = await demoPlaces();
	clients = await signInAll(server.url, ['secretary', 'chief1', 'liaison01']);
	const markers = ['liaison01', 'liaison02', 'liaison03', 'chief1', 'secretary'].map((name) => places.userIds.get(name)!);
	await insertHistory({ communityId: places.communityId, markers, tasks: 12, marks: 6_000, from: historyStart, to: historyEnd, seed: 16 });
});
afterAll(async () => {
	await server?.stop();
});

type Answer = {
	from: number;
	to: number;
	buildings: BuildingCoverage[];
	grids: { gridId: string; households: number; visited: number }[];
	liaisons: { userId: string; households: number; visited: number; lastActivityAt: number | null }[];
};

async function coverageOf(username: string, period: Period): Promise<Answer> {
	const query = `from=${new Date(period.from).toISOString()}&to=${new Date(period.to).toISOString()}`;
	const { status, body } = await clients.get(username)!.getJson(`/api/communities/${places.communityId}/coverage?${query}`);
	expect(status).toBe(200);
	return body;
}

const instant = (epoch: number) => sql`${new Date(epoch).toISOString()}::timestamptz`;

/** Households reached per building: the latest mark of each task and household in the window, not a clear, of a known household. */
async function directVisited(period: Period): Promise<Map<string, number>> {
	const rows = await sqlRows<{ building_id: string; n: number }>(sql`
		select latest.building_id, count(distinct latest.household_code)::int as n
		from (
			select distinct on (task_id, building_id, household_code) building_id, household_code, status
			from progress_events
			where community_id = ${places.communityId} and recorded_at >= ${instant(period.from)} and recorded_at < ${instant(period.to)}
			order by task_id, building_id, household_code, id desc
		) latest
		join households h on h.building_id = latest.building_id and h.code = latest.household_code
		where latest.status <> 'cleared'
		group by latest.building_id`);
	return new Map(rows.map((row) => [row.building_id, Number(row.n)]));
}

/** The latest time of a mark that is not a clear, of a known household, not cleared later (in its task) before `to`. */
async function directLastVisit(to: number): Promise<Map<string, number>> {
	const rows = await sqlRows<{ building_id: string; at: number }>(sql`
		select m.building_id, ${epochMs(sql`max(m.recorded_at)`)} as at
		from progress_events m
		join households h on h.building_id = m.building_id and h.code = m.household_code
		where m.community_id = ${places.communityId} and m.recorded_at < ${instant(to)} and m.status <> 'cleared'
			and not exists (
				select 1 from progress_events c
				where c.community_id = m.community_id and c.task_id = m.task_id and c.building_id = m.building_id
					and c.household_code = m.household_code and c.status = 'cleared' and c.id > m.id and c.recorded_at < ${instant(to)}
			)
		group by m.building_id`);
	return new Map(rows.map((row) => [row.building_id, Number(row.at)]));
}

/** A user's latest mark, acknowledgement and matter report in the community before `to`. */
async function directLastActivity(userId: string, to: number): Promise<number | null> {
	const [row] = await sqlRows<{ at: number | null }>(sql`
		select ${epochMs(sql`greatest(
			(select max(recorded_at) from progress_events where community_id = ${places.communityId} and user_id = ${userId} and recorded_at < ${instant(to)}),
			(select max(acked_at) from task_acks where community_id = ${places.communityId} and user_id = ${userId} and acked_at < ${instant(to)}),
			(select max(reported_at) from matters where community_id = ${places.communityId} and reported_by = ${userId} and reported_at < ${instant(to)}))`)} as at`);
	return row.at === null ? null : Number(row.at);
}

/** Where each building lies, and the community's liaisons with their micro-grids. */
async function structure() {
	const rows = await db()
		.select({ id: buildings.id, microGridId: buildings.microGridId, gridId: microGrids.gridId })
		.from(buildings)
		.leftJoin(microGrids, eq(microGrids.id, buildings.microGridId))
		.where(eq(buildings.communityId, places.communityId));
	const liaisons = await db()
		.select({ userId: memberships.userId, microGridId: memberships.microGridId })
		.from(memberships)
		.innerJoin(users, eq(users.id, memberships.userId))
		.where(and(eq(memberships.communityId, places.communityId), eq(memberships.role, 'liaison'), isNull(users.disabledAt)));
	const sizes = await codesByBuilding(places.communityId);
	return { rows, liaisons, sizes };
}

async function expectDirectCounts(answer: Answer, period: Period) {
	const [visited, lastVisit, { rows, liaisons, sizes }] = await Promise.all([directVisited(period), directLastVisit(period.to), structure()]);
	expect(new Map(answer.buildings.map((b) => [b.buildingId, b]))).toEqual(
		new Map(rows.map((b) => [b.id, { buildingId: b.id, households: sizes.get(b.id)!.length, visited: visited.get(b.id) ?? 0, lastVisitAt: lastVisit.get(b.id) ?? null }]))
	);
	const sumOver = (ids: string[]) => ({ households: ids.reduce((n, id) => n + sizes.get(id)!.length, 0), visited: ids.reduce((n, id) => n + (visited.get(id) ?? 0), 0) });
	for (const grid of answer.grids) expect(grid, grid.gridId).toEqual({ gridId: grid.gridId, ...sumOver(rows.filter((b) => b.gridId === grid.gridId).map((b) => b.id)) });
	expect(answer.grids.reduce((n, g) => n + g.visited, 0)).toBe(rows.filter((b) => b.gridId).reduce((n, b) => n + (visited.get(b.id) ?? 0), 0));
	expect(new Set(answer.liaisons.map((l) => l.userId))).toEqual(new Set(liaisons.map((l) => l.userId)));
	for (const liaison of answer.liaisons) {
		const microGridIds = liaisons.filter((l) => l.userId === liaison.userId).map((l) => l.microGridId);
		const own = rows.filter((b) => microGridIds.includes(b.microGridId)).map((b) => b.id);
		expect(liaison, liaison.userId).toEqual({ userId: liaison.userId, ...sumOver(own), lastActivityAt: await directLastActivity(liaison.userId, period.to) });
	}
}

/** Every mark of the community as the domain's rule reads them. */
async function allMarks(): Promise<CoverageMark[]> {
	const rows = await db().select().from(progressEvents).where(eq(progressEvents.communityId, places.communityId)).orderBy(asc(progressEvents.id));
	return rows.map((row) => ({ id: row.id, taskId: row.taskId, buildingId: row.buildingId, code: row.householdCode, status: row.status, at: row.recordedAt.getTime() }));
}

describe('coverage figures', () => {
	it('equal a direct count over progress_events for random windows, per building, grid and liaison', async () => {
		const random = seeded(1616);
		const windows: Period[] = [
			{ from: historyStart - day, to: historyEnd + day },
			{ from: historyEnd - 7 * day, to: historyEnd }
		];
		for (let i = 0; i < 6; i++) {
			const length = Math.floor(3_600_000 + random() * 60 * day);
			const from = Math.floor(historyStart + random() * (historyEnd - historyStart - length));
			windows.push({ from, to: from + length });
		}
		let reached = 0;
		for (const period of windows) {
			const answer = await coverageOf('secretary', period);
			expect({ from: answer.from, to: answer.to }).toEqual(period);
			await expectDirectCounts(answer, period);
			reached += answer.buildings.reduce((n, b) => n + b.visited, 0);
		}
		// The windows did reach households (the comparison is not one of zeros).
		expect(reached).toBeGreaterThan(500);
	});

	it('equal the domain rule over the same rows, for periods and week by week', async () => {
		const [marks, codes] = await Promise.all([allMarks(), codesByBuilding(places.communityId)]);
		const random = seeded(7);
		for (let i = 0; i < 4; i++) {
			const from = Math.floor(historyStart + random() * 100 * day);
			const period = { from, to: from + Math.floor(random() * 30 * day) + 1 };
			const answer = await coverageOf('secretary', period);
			expect(new Map(answer.buildings.map((b) => [b.buildingId, b]))).toEqual(new Map(buildingCoverage(codes, marks, period).map((b) => [b.buildingId, b])));
		}
		const weeks = recentWeeks(historyEnd, 20);
		const series = await communityCoverageByWeek(places.communityId, weeks, { all: true, gridIds: [] });
		expect(series.map((w) => ({ from: w.from, to: w.to }))).toEqual(weeks);
		for (const [i, week] of weeks.entries()) {
			const expected = buildingCoverage(codes, marks, week);
			expect(series[i].visited, `week ${i}`).toBe(expected.reduce((n, b) => n + b.visited, 0));
			expect(series[i].households).toBe(expected.reduce((n, b) => n + b.households, 0));
		}
		expect(series.filter((w) => w.visited > 0).length).toBeGreaterThan(10);
	});

	it('show a liaison’s tap over the socket at once, and its taking back', async () => {
		const chiefSocket = SyncClient.forCommunity(server.url, places.communityId, clients.get('chief1')!.cookieHeader());
		const liaison = SyncClient.forCommunity(server.url, places.communityId, clients.get('liaison01')!.cookieHeader());
		try {
			await Promise.all([chiefSocket.synced(), liaison.synced()]);
			const buildingId = places.liaison01Buildings[0];
			const [{ code }] = await db().select({ code: households.code }).from(households).where(eq(households.buildingId, buildingId)).orderBy(asc(households.code)).limit(1);
			const liaisonId = places.userIds.get('liaison01')!;
			const task = newTask(places.userIds.get('chief1')!, [buildingId]);
			createTask(chiefSocket.doc, task);
			await waitFor(() => !!taskOf(liaison.doc, task.id), 5000, 'task reaches the liaison');
			const before = await coverageOf('secretary', { from: historyEnd, to: Date.now() + 3_600_000 });
			const building = (answer: Answer) => answer.buildings.find((b) => b.buildingId === buildingId)!;
			expect(building(before).visited).toBe(0);

			const at = Date.now();
			acknowledge(liaison.doc, task.id, liaisonId, at - 1000);
			markHousehold(liaison.doc, task.id, buildingId, code, { s: 'absent', by: liaisonId, at });
			await waitFor(() => liaison.confirmed, 5000, 'mark stored');
			const after = await coverageOf('secretary', { from: historyEnd, to: Date.now() + 3_600_000 });
			expect(building(after)).toMatchObject({ visited: 1, lastVisitAt: at });
			expect(after.liaisons.find((l) => l.userId === liaisonId)).toMatchObject({ visited: 1, lastActivityAt: at });
			expect(after.grids.reduce((n, g) => n + g.visited, 0)).toBe(1);

			// A deletion adds no clock to the writer's state, so "stored" cannot be awaited: ask until it shows.
			markHousehold(liaison.doc, task.id, buildingId, code, null);
			const window = { from: historyEnd, to: Date.now() + 3_600_000 };
			await expect.poll(async () => building(await coverageOf('secretary', window)).visited, { timeout: 5000 }).toBe(0);
			const taken = await coverageOf('secretary', window);
			expect(building(taken).lastVisitAt).toBe(building(before).lastVisitAt);
			// The clear is activity too: the liaison stood at the door.
			expect(taken.liaisons.find((l) => l.userId === liaisonId)!.lastActivityAt).toBeGreaterThanOrEqual(at);
			expect(liaison.refusals).toEqual([]);
		} finally {
			chiefSocket.destroy();
			liaison.destroy();
		}
	});
});
