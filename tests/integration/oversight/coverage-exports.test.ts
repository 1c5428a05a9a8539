/**
 * The reports as .xlsx: 走访覆盖 (per grid, liaison and building, as the coverage API counts
 * them) and a task's progress per building (as `GET /api/tasks/:id` counts it) and per
 * household code, for one round and for a series, streamed from a large-ish fixture of 6,000
 * households read in parts; who may download them; and file names in the user's words.
 */
import { desc, eq, inArray } from 'drizzle-orm';
import readXlsxFile from 'read-excel-file/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { householdCode, householdDoors } from '../../../src/lib/domain/households';
import { db } from '../../../src/lib/server/db';
import { buildings, grids, households, memberships, microGrids, progressEvents, tasks, users } from '../../../src/lib/server/db/schema';
import { newId } from '../../../src/lib/server/ids';
import { householdRoundsPerPart } from '../../../src/lib/server/tasks/progress-export';
import { insertHistory, seeded } from '../../fixtures/coverage-marks';
import { demoPlaces, type DemoPlaces } from '../../fixtures/demo-places';
import { HttpClient } from '../../fixtures/http-client';
import { signInAll } from '../../fixtures/structure-places';
import { startTestServer, type TestServer } from '../../fixtures/test-server';

const day = 86_400_000;
let server: TestServer;
let places: DemoPlaces;
let clients: Map<string, HttpClient>;
const as = (username: string) => clients.get(username)!;

type Sheets = { sheet: string; data: unknown[][] }[];
async function download(username: string, path: string): Promise<{ status: number; sheets: Sheets; response: Response }> {
	const response = await as(username).get(path, { accept: '*/*' });
	if (response.status !== 200) return { status: response.status, sheets: [], response };
	return { status: 200, sheets: (await readXlsxFile(Buffer.from(await response.arrayBuffer()))) as Sheets, response };
}
const sheetOf = (sheets: Sheets, name: string) => sheets.find((s) => s.sheet === name)!.data;

beforeAll(async () => {
	server = await startTestServer();
	places = await demoPlaces();
	clients = await signInAll(server.url, ['secretary', 'chief1', 'liaison01', 'street1', 'property1']);
	const markers = ['liaison01', 'liaison02', 'chief1'].map((name) => places.userIds.get(name)!);
	await insertHistory({ communityId: places.communityId, markers, tasks: 5, marks: 2_000, from: Date.now() - 40 * day, to: Date.now() - 1000, seed: 11 });
});
afterAll(async () => {
	await server?.stop();
});

describe('走访覆盖.xlsx', () => {
	const query = `from=${new Date(Date.now() - 30 * day).toISOString()}&to=${new Date(Date.now()).toISOString()}`;

	it('holds the figures of the coverage API per grid, liaison and building, in a file named in Chinese', async () => {
		const [{ body: api }, { status, sheets, response }] = await Promise.all([
			as('secretary').getJson(`/api/communities/${places.communityId}/coverage?${query}`),
			download('secretary', `/api/communities/${places.communityId}/exports/coverage.xlsx?${query}`)
		]);
		expect(status).toBe(200);
		expect(response.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
		const disposition = response.headers.get('content-disposition')!;
		expect(decodeURIComponent(disposition.split("UTF-8''")[1])).toMatch(/^乐雅社区-走访覆盖-\d{4}-\d{2}-\d{2}至\d{4}-\d{2}-\d{2}\.xlsx$/);
		expect(disposition).toMatch(/^attachment; filename="coverage-[\d-]+\.xlsx"/);
		expect(sheets.map((s) => s.sheet)).toEqual(['按网格', '按联络员', '按楼栋', '说明']);

		const gridNames = new Map((await db().select().from(grids)).map((g) => [g.id, g.name]));
		const rate = (visited: number, total: number) => (total ? Math.floor((visited * 1000) / total) / 10 : null);
		expect(sheetOf(sheets, '按网格')).toEqual([
			['网格', '户数', '走访户数', '覆盖率(%)'],
			...api.grids.map((g: { gridId: string; households: number; visited: number }) => [gridNames.get(g.gridId), g.households, g.visited, rate(g.visited, g.households)])
		]);
		const usernames = new Map((await db().select().from(users)).map((u) => [u.id, u.username]));
		const liaisonRows = sheetOf(sheets, '按联络员');
		expect(liaisonRows[0]).toEqual(['联络员', '账号', '微网格', '户数', '走访户数', '覆盖率(%)', '最近活动']);
		expect(new Map(liaisonRows.slice(1).map((row) => [row[1], row.slice(3, 5)]))).toEqual(
			new Map(api.liaisons.map((l: { userId: string; households: number; visited: number }) => [usernames.get(l.userId), [l.households, l.visited]]))
		);
		const labels = new Map((await db().select().from(buildings)).map((b) => [b.id, b.label]));
		const buildingRows = sheetOf(sheets, '按楼栋');
		expect(buildingRows[0]).toEqual(['楼栋', '网格', '微网格', '户数', '走访户数', '覆盖率(%)', '最近走访', '距截止天数']);
		// Labels repeat across compounds: the rows come in the API's order.
		expect(buildingRows.slice(1).map((row) => [row[0], row[3], row[4], row[6] === '从未走访' ? null : 'visited'])).toEqual(
			api.buildings.map((b: { buildingId: string; households: number; visited: number; lastVisitAt: number | null }) => [
				labels.get(b.buildingId),
				b.households,
				b.visited,
				b.lastVisitAt === null ? null : 'visited'
			])
		);
		expect(api.grids.reduce((n: number, g: { visited: number }) => n + g.visited, 0)).toBeGreaterThan(100);
	});

	it('gives a chief only its grid', async () => {
		const { status, sheets } = await download('chief1', `/api/communities/${places.communityId}/exports/coverage.xlsx?${query}`);
		expect(status).toBe(200);
		const [chief] = await db().select().from(memberships).where(eq(memberships.userId, places.userIds.get('chief1')!));
		const [grid] = await db().select().from(grids).where(eq(grids.id, chief.gridId!));
		expect(sheetOf(sheets, '按网格').slice(1).map((row) => row[0])).toEqual([grid.name]);
		const ownMicroGrids = new Set((await db().select().from(microGrids).where(eq(microGrids.gridId, grid.id))).map((m) => m.name));
		for (const row of sheetOf(sheets, '按楼栋').slice(1)) expect(ownMicroGrids.has(row[2] as string), String(row[0])).toBe(true);
		expect(sheetOf(sheets, '说明').find((row) => row[0] === '范围')![1]).toBe(`乐雅社区：${grid.name}`);
	});
});

/** A task row and its marks, written as the projection would: a household's marks in order, clears included. */
async function taskWithMarks(options: { id: string; scope: string[]; round: number; roundOf: string | null; title: string; seed: number; marks: number }) {
	await db().insert(tasks).values({ id: options.id, communityId: places.communityId, title: options.title, scope: options.scope, round: options.round, roundOf: options.roundOf, status: 'open' });
	const codes = await db().select({ buildingId: households.buildingId, code: households.code }).from(households).where(inArray(households.buildingId, options.scope));
	const random = seeded(options.seed);
	const statuses = ['visited', 'visited', 'absent', 'refused', 'issue', 'cleared'];
	const markers = ['liaison01', 'chief1'].map((name) => places.userIds.get(name)!);
	const rows = Array.from({ length: options.marks }, (_, i) => {
		const household = codes[Math.floor(random() * codes.length)];
		return {
			communityId: places.communityId,
			taskId: options.id,
			buildingId: household.buildingId,
			householdCode: random() < 0.03 ? '9-9999' : household.code,
			status: statuses[Math.floor(random() * statuses.length)],
			userId: markers[i % 2],
			recordedAt: new Date(Date.now() - Math.floor(random() * 5 * day))
		};
	});
	for (let i = 0; i < rows.length; i += 2000) await db().insert(progressEvents).values(rows.slice(i, i + 2000));
}

/** Each household's latest mark in a task, as the sheet must show it (a clear shows nothing). */
async function latestStatuses(taskId: string): Promise<Map<string, string>> {
	const rows = await db()
		.selectDistinctOn([progressEvents.buildingId, progressEvents.householdCode], {
			buildingId: progressEvents.buildingId,
			code: progressEvents.householdCode,
			status: progressEvents.status,
			userId: progressEvents.userId
		})
		.from(progressEvents)
		.where(eq(progressEvents.taskId, taskId))
		.orderBy(progressEvents.buildingId, progressEvents.householdCode, desc(progressEvents.id));
	return new Map(rows.map((row) => [`${row.buildingId}|${row.code}`, `${row.status}|${row.userId}`]));
}

const words: Record<string, string> = { visited: '已走访', absent: '不在家', refused: '拒访', issue: '有问题', cleared: '' };

describe('入户进度.xlsx of a task', () => {
	const series = { first: newId(), second: newId() };
	let bigBuildings: { id: string; label: string }[] = [];

	beforeAll(async () => {
		// Four buildings of 1,500 households each in liaison01's micro-grid: 6,000 households.
		const [building] = await db().select().from(buildings).where(eq(buildings.id, places.liaison01Buildings[0]));
		bigBuildings = [1, 2, 3, 4].map((n) => ({ id: newId(), label: `大楼${n}号` }));
		for (const big of bigBuildings) {
			await db().insert(buildings).values({ id: big.id, communityId: places.communityId, microGridId: building.microGridId, label: big.label, units: 5, floors: 30, roomsPerFloor: 10 });
			const doors = householdDoors(5, 30, 10);
			for (let i = 0; i < doors.length; i += 1000)
				await db().insert(households).values(doors.slice(i, i + 1000).map((door) => ({ id: newId(), buildingId: big.id, code: householdCode(door), ...door })));
		}
		const scope = [...bigBuildings.map((b) => b.id), places.liaison02Buildings[0]];
		await taskWithMarks({ id: series.first, scope, round: 1, roundOf: null, title: '消防安全/排查:第一轮', seed: 1, marks: 9_000 });
		await taskWithMarks({ id: series.second, scope: scope.slice(0, 4), round: 2, roundOf: series.first, title: '消防安全/排查:第一轮', seed: 2, marks: 7_000 });
	});

	it('one round: per building the task API’s figures, per household code its latest status, who and when', async () => {
		const { status, sheets, response } = await download('chief1', `/api/tasks/${series.first}/progress.xlsx`);
		expect(status).toBe(200);
		// Streamed: no length known before the end.
		expect(response.headers.get('content-length')).toBeNull();
		expect(decodeURIComponent(response.headers.get('content-disposition')!.split("UTF-8''")[1])).toBe('乐雅社区-消防安全 排查 第一轮-第1轮-入户进度.xlsx');
		const { body: detail } = await as('chief1').getJson(`/api/tasks/${series.first}`);
		const labels = new Map((await db().select().from(buildings)).map((b) => [b.id, b.label]));
		const buildingRows = sheetOf(sheets, '按楼栋');
		expect(buildingRows[0]).toEqual(['轮次', '楼栋', '网格', '微网格', '户数', '已走访', '不在家', '拒访', '有问题', '已完成', '完成率(%)']);
		expect(new Map(buildingRows.slice(1).map((row) => [row[1], row.slice(4, 10)]))).toEqual(
			new Map(detail.buildings.map((b: { buildingId: string; total: number; visited: number; absent: number; refused: number; issue: number; done: number }) => [labels.get(b.buildingId), [b.total, b.visited, b.absent, b.refused, b.issue, b.done]]))
		);

		const householdRows = sheetOf(sheets, '按户');
		expect(householdRows[0]).toEqual(['楼栋', '单元', '户号', '状态', '记录时间', '记录人']);
		const codes = await db().select().from(households).where(inArray(households.buildingId, detail.scope));
		expect(householdRows.length - 1).toBe(codes.length);
		expect(codes.length).toBeGreaterThan(6_000);
		const latest = await latestStatuses(series.first);
		// Labels repeat across compounds; within the scope they do not.
		const byLabel = new Map(detail.scope.map((id: string) => [labels.get(id), id]));
		expect(byLabel.size).toBe(detail.scope.length);
		const nameOf = new Map((await db().select().from(users)).map((u) => [u.id, u.displayName]));
		let marked = 0;
		for (const row of householdRows.slice(1)) {
			const [status, userId] = (latest.get(`${byLabel.get(row[0] as string)}|${row[2]}`) ?? 'cleared|').split('|');
			expect(row[3] ?? '', String(row[2])).toBe(words[status]);
			if (status !== 'cleared') {
				marked++;
				expect(row[4]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
				expect(row[5]).toBe(nameOf.get(userId));
			} else expect([row[4], row[5]]).toEqual([null, null]);
		}
		expect(marked).toBe(detail.buildings.reduce((n: number, b: { done: number }) => n + b.done, 0));
	});

	it('a series: one row per round and building, a status column per round, read in parts', async () => {
		// 6,000 households do not fit in one part, even of one round: the sheets are read in several.
		expect(6_000).toBeGreaterThan(householdRoundsPerPart);
		const { status, sheets } = await download('liaison01', `/api/tasks/${series.second}/progress.xlsx?rounds=all`);
		expect(status).toBe(200);
		const labels = new Map((await db().select().from(buildings)).map((b) => [b.id, b.label]));
		const buildingRows = sheetOf(sheets, '按楼栋').slice(1);
		for (const [round, taskId] of [[1, series.first], [2, series.second]] as const) {
			const { body: detail } = await as('liaison01').getJson(`/api/tasks/${taskId}`);
			const rows = buildingRows.filter((row) => row[0] === `第${round}轮`);
			expect(new Map(rows.map((row) => [row[1], row.slice(4, 10)])), `round ${round}`).toEqual(
				new Map(detail.buildings.map((b: { buildingId: string; total: number; visited: number; absent: number; refused: number; issue: number; done: number }) => [labels.get(b.buildingId), [b.total, b.visited, b.absent, b.refused, b.issue, b.done]]))
			);
		}
		const householdRows = sheetOf(sheets, '按户');
		expect(householdRows[0]).toEqual(['楼栋', '单元', '户号', '第1轮', '第2轮']);
		const [first, second] = await Promise.all([latestStatuses(series.first), latestStatuses(series.second)]);
		const scope = [...bigBuildings.map((b) => b.id), places.liaison02Buildings[0]];
		const byLabel = new Map(scope.map((id) => [labels.get(id), id]));
		const outsideSecond = labels.get(places.liaison02Buildings[0]);
		let rows = 0;
		for (const row of householdRows.slice(1)) {
			const key = `${byLabel.get(row[0] as string)}|${row[2]}`;
			const statusIn = (latest: Map<string, string>) => words[(latest.get(key) ?? 'cleared|').split('|')[0]];
			expect(row[3] ?? '', key).toBe(statusIn(first));
			expect(row[4] ?? '', key).toBe(row[0] === outsideSecond ? '—' : statusIn(second));
			rows++;
		}
		expect(rows).toBeGreaterThan(6_000);
	});

	it('anyone who may read the task downloads it; the rest are refused', async () => {
		expect((await download('street1', `/api/tasks/${series.first}/progress.xlsx`)).status).toBe(200);
		expect((await download('property1', `/api/tasks/${series.first}/progress.xlsx`)).status).toBe(403);
		expect((await download('secretary', `/api/tasks/no-such-task/progress.xlsx`)).status).toBe(404);
		const bad = await as('secretary').getJson(`/api/tasks/${series.first}/progress.xlsx?rounds=2`);
		expect([bad.status, bad.body.code]).toEqual([400, 'error_progress_rounds_param']);
		expect((await new HttpClient(server.url).get(`/api/tasks/${series.first}/progress.xlsx`)).status).toBe(401);
	});
});
