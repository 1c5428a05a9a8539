/**
 * A scripted day: liaison01 acknowledges two tasks, marks doors over the real socket (one taken
 * back, one re-marked in a second task, one changed later by its chief, one just before
 * midnight), reports a matter, handles one on the spot and verifies a third; its diary, read by
 * itself and by its chief, tells exactly that, and its figures equal the list of diaries'.
 */
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProgressStatus } from '../../../src/lib/domain/community-doc';
import { addDiaryDays, dayOf, dayPeriod, monthOf } from '../../../src/lib/domain/diary-dates';
import { acknowledge, markHousehold, taskOf } from '../../../src/lib/domain/task-doc';
import { readTask } from '../../../src/lib/domain/task-view';
import { db } from '../../../src/lib/server/db';
import { buildings, households, progressEvents, taskAcks } from '../../../src/lib/server/db/schema';
import { settledToday } from '../../fixtures/diary-days';
import type { HttpClient } from '../../fixtures/http-client';
import { signInAll } from '../../fixtures/structure-places';
import { waitFor, type SyncClient } from '../../fixtures/sync-client';
import { SyncScenario } from '../../fixtures/sync-scenarios';

let world: SyncScenario;
let clients: Map<string, HttpClient>;
let chief: SyncClient;
let liaison: SyncClient;
const as = (username: string) => clients.get(username)!;

async function codesOf(buildingId: string): Promise<string[]> {
	const rows = await db().select({ code: households.code }).from(households).where(eq(households.buildingId, buildingId)).orderBy(asc(households.code));
	return rows.map((row) => row.code);
}

async function ok(answer: Promise<{ status: number; body: any }>) {
	const { status, body } = await answer;
	if (status >= 300) throw new Error(`setup step failed: ${status} ${JSON.stringify(body)}`);
	return body;
}

/** A second building of liaison01's micro-grid (the demo gives it one), added before anyone connects. */
const secondBuilding = 'diary-second-building';

beforeAll(async () => {
	world = await SyncScenario.start();
	const [first] = await db().select().from(buildings).where(eq(buildings.id, world.places.liaison01Buildings[0]));
	await db().insert(buildings).values({ id: secondBuilding, communityId: first.communityId, microGridId: first.microGridId, label: '99栋', units: 1, floors: 1, roomsPerFloor: 2 });
	await db().insert(households).values(['1-101', '1-102'].map((code, i) => ({ id: `${secondBuilding}-${code}`, buildingId: secondBuilding, code, unit: 1, floor: 1, room: i + 1 })));
	clients = await signInAll(world.server.url, ['liaison01', 'liaison02', 'chief1', 'secretary', 'property1']);
	chief = await world.connect('chief1');
	liaison = await world.connect('liaison01');
});
afterAll(() => world?.stop());

describe('a liaison’s day, built from what happened', () => {
	it('tells the acks, the households reached per building and status, and the matter work', async () => {
		const { date, period, now } = await settledToday();
		const me = world.userId('liaison01');
		const [b1, b2] = [world.places.liaison01Buildings[0], secondBuilding];
		const [c1, c2, c3, c4, c5] = await codesOf(b1);
		const [d1, d2] = await codesOf(b2);
		const t1 = await world.dispatch(chief, liaison, world.newTask(world.userId('chief1'), [b1, b2], { title: '今晚入户排查' }));
		const t2 = await world.dispatch(chief, liaison, world.newTask(world.userId('chief1'), [b1], { title: '燃气安全检查' }));

		const at = (secondsAgo: number) => now - secondsAgo * 1000;
		acknowledge(liaison.doc, t1, me, at(170));
		acknowledge(liaison.doc, t2, me, at(160));
		const marks: [string, string, string, ProgressStatus | null, number][] = [
			[t1, b1, c1, 'visited', 150],
			[t1, b1, c2, 'absent', 140],
			[t1, b1, c3, 'refused', 130],
			[t1, b1, c4, 'visited', 120],
			[t1, b1, c4, null, 110], // taken back: not reached
			[t2, b1, c1, 'issue', 100], // the same door in another task: once, as its latest status
			[t1, b2, d1, 'visited', 90],
			[t1, b2, d2, 'visited', 80] // re-marked by the chief below: the chief's, not the liaison's
		];
		for (const [task, building, code, s, secondsAgo] of marks) {
			markHousehold(liaison.doc, task, building, code, s && { s, by: me, at: at(secondsAgo) });
		}
		// Just before midnight: yesterday's diary, not today's.
		markHousehold(liaison.doc, t1, b1, c5, { s: 'visited', by: me, at: period.from - 1000 });
		await waitFor(() => liaison.confirmed, 10_000, 'the liaison’s marks stored');
		// The chief changes a door after seeing the liaison's mark on it.
		await waitFor(() => readTask(t1, taskOf(chief.doc, t1)!).progress[b2]?.[d2]?.by === me, 10_000, 'the chief sees the mark');
		markHousehold(chief.doc, t1, b2, d2, { s: 'issue', by: world.userId('chief1'), at: at(70) });
		await waitFor(() => chief.confirmed, 10_000, 'the chief’s mark stored');
		expect([...liaison.refusals, ...chief.refusals]).toEqual([]);
		// Stored means projected: the rows are written in the same commit as the update.
		expect((await db().select().from(progressEvents)).length).toBeGreaterThanOrEqual(10);
		expect(await db().select().from(taskAcks).where(eq(taskAcks.userId, me))).toHaveLength(2);

		// Matter work: a report, a problem handled on the spot, a resolution verified.
		const base = `/api/communities/${world.places.communityId}`;
		const [category] = (await as('liaison01').getJson(`${base}/matter-categories`)).body;
		const report = (username: string, buildingId: string, description: string, extra = {}) =>
			ok(as(username).postJson(`${base}/matters`, { clientKey: `diary-${Math.random().toString(36).slice(2, 12)}`, category: category.id, buildingId, description, ...extra }));
		const reported = await report('liaison01', b1, '楼道堆放杂物');
		const handled = await report('liaison01', b2, '小广告已清除', { handledOnSpot: true });
		const verified = await report('liaison01', b1, '路灯不亮');
		await report('liaison02', world.places.liaison02Buildings[0], '别人的事项');
		const act = (username: string, body: object) => ok(as(username).postJson(`/api/matters/${verified.id}/actions`, body));
		await act('secretary', { action: 'route', destination: { kind: 'property' } });
		await act('property1', { action: 'accept' });
		await act('property1', { action: 'resolve', note: '已更换灯泡' });
		await act('liaison01', { action: 'verify', pass: true });

		const own = await as('liaison01').getJson('/api/diaries');
		expect(own.status).toBe(200);
		const day = own.body;
		expect(day).toMatchObject({ userId: me, date, communityId: world.places.communityId, done: false, doneAt: null, entries: [], comments: [] });
		expect({ households: day.households, visited: day.visited, absent: day.absent, refused: day.refused, issue: day.issue }).toEqual({
			households: 4,
			visited: 1,
			absent: 1,
			refused: 1,
			issue: 1
		});
		const byBuilding = Object.fromEntries(day.buildings.map((b: any) => [b.buildingId, [b.households, b.visited, b.absent, b.refused, b.issue]]));
		expect(byBuilding).toEqual({ [b1]: [3, 0, 1, 1, 1], [b2]: [1, 1, 0, 0, 0] });
		expect(day.acks.map((a: any) => [a.taskId, a.title])).toEqual([
			[t1, '今晚入户排查'],
			[t2, '燃气安全检查']
		]);
		expect(day.matters.map((m: any) => [m.matterId, m.act])).toEqual([
			[reported.id, 'reported'],
			[handled.id, 'handled-on-spot'],
			[verified.id, 'reported'],
			[verified.id, 'verified']
		]);
		expect(day.may).toEqual({ write: true, comment: false });

		// The chief reads the same day, may comment and not write.
		const read = await as('chief1').getJson(`/api/diaries?userId=${me}&date=${date}`);
		expect(read.status).toBe(200);
		const { may, ...figures } = read.body;
		const { may: _own, ...ownFigures } = day;
		expect(figures).toEqual(ownFigures);
		expect(may).toEqual({ write: false, comment: true });

		// Yesterday's diary has the mark made a second before midnight.
		const yesterday = addDiaryDays(date, -1);
		const before = (await as('liaison01').getJson(`/api/diaries?date=${yesterday}`)).body;
		expect([before.households, before.visited, before.buildings.map((b: any) => b.buildingId)]).toEqual([1, 1, [b1]]);
		expect(before.acks).toEqual([]);

		// The list of diaries and the month list give the same figures.
		const team = (await as('chief1').getJson(`/api/diaries/team?date=${date}`)).body;
		expect(team.liaisons.find((row: any) => row.userId === me)).toMatchObject({ households: 4, entries: 0, done: false });
		const month = (await as('liaison01').getJson(`/api/diaries/month?month=${monthOf(date)}`)).body.days;
		expect(month.find((d: any) => d.date === date)).toMatchObject({ households: 4, done: false });
		if (monthOf(yesterday) === monthOf(date)) expect(month.find((d: any) => d.date === yesterday)).toMatchObject({ households: 1 });
	});

	it('counts a liaison’s households the same in its day and in the list of diaries, on a building outside its micro-grid too', async () => {
		const me = world.userId('liaison01');
		// Days no other test marks: the list of diaries and the day read the same rows.
		const date = addDiaryDays(dayOf(Date.now()), -3);
		const at = (hour: number) => new Date(dayPeriod(date).from + hour * 3_600_000);
		// A building liaison01 marked that day and that has left its micro-grid since (in none now).
		const moved = 'diary-moved-building';
		const [first] = await db().select().from(buildings).where(eq(buildings.id, world.places.liaison01Buildings[0]));
		await db().insert(buildings).values({ id: moved, communityId: first.communityId, microGridId: null, label: '98栋', units: 1, floors: 1, roomsPerFloor: 2 });
		await db().insert(households).values(['1-101', '1-102'].map((code, i) => ({ id: `${moved}-${code}`, buildingId: moved, code, unit: 1, floor: 1, room: i + 1 })));
		const [own] = await codesOf(first.id);
		const mark = (buildingId: string, householdCode: string, status: string, hour: number) => ({
			communityId: first.communityId,
			taskId: 'diary-earlier-task',
			buildingId,
			householdCode,
			status,
			userId: me,
			recordedAt: at(hour)
		});
		await db().insert(progressEvents).values([mark(moved, '1-101', 'visited', 9), mark(moved, '1-102', 'absent', 10), mark(first.id, own, 'visited', 11)]);

		const day = (await as('liaison01').getJson(`/api/diaries?date=${date}`)).body;
		expect([day.households, day.buildings.map((b: any) => b.buildingId).sort()]).toEqual([3, [first.id, moved].sort()]);
		for (const reader of ['chief1', 'secretary']) {
			const team = (await as(reader).getJson(`/api/diaries/team?date=${date}`)).body;
			expect(team.liaisons.find((row: any) => row.userId === me)?.households, reader).toBe(day.households);
		}
		const month = (await as('liaison01').getJson(`/api/diaries/month?month=${monthOf(date)}`)).body.days;
		expect(month.find((d: any) => d.date === date)?.households).toBe(day.households);
	});
});
