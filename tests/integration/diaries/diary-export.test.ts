/**
 * The monthly 民情日记 .xlsx: one row per entry with its day's date and count merged over them,
 * a row for a day of visits without entries, none for an empty day, a total, and a file name
 * in Chinese. Built from marks over the real socket and entries over the API.
 */
import { readSheet } from 'read-excel-file/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDiaryDays, monthOf } from '../../../src/lib/domain/diary-dates';
import { markHousehold } from '../../../src/lib/domain/task-doc';
import { diarySheetHeader } from '../../../src/lib/server/diary/diary-export';
import { settledToday } from '../../fixtures/diary-days';
import type { HttpClient } from '../../fixtures/http-client';
import { signInAll } from '../../fixtures/structure-places';
import { waitFor } from '../../fixtures/sync-client';
import { SyncScenario } from '../../fixtures/sync-scenarios';
import { db } from '../../../src/lib/server/db';
import { households } from '../../../src/lib/server/db/schema';
import { asc, eq } from 'drizzle-orm';

let world: SyncScenario;
let clients: Map<string, HttpClient>;
const as = (username: string) => clients.get(username)!;

beforeAll(async () => {
	world = await SyncScenario.start();
	clients = await signInAll(world.server.url, ['liaison01', 'chief1']);
});
afterAll(() => world?.stop());

async function sheetOf(client: HttpClient, query: string): Promise<{ rows: unknown[][]; disposition: string }> {
	const response = await client.get(`/api/diaries/export.xlsx?${query}`);
	expect(response.status).toBe(200);
	expect(response.headers.get('content-type')).toContain('spreadsheetml');
	const rows = (await readSheet(Buffer.from(await response.arrayBuffer()))) as unknown[][];
	return { rows, disposition: response.headers.get('content-disposition') ?? '' };
}

describe('the monthly diary sheet', () => {
	it('has the layout communities keep, with the right rows', async () => {
		const { date: today, period } = await settledToday();
		const me = world.userId('liaison01');
		const visitsOnly = addDiaryDays(today, -2);
		const yesterday = addDiaryDays(today, -1);
		// Three doors two days ago (a day with visits and no entry), two today.
		const building = world.places.liaison01Buildings[0];
		const codes = (await db().select({ code: households.code }).from(households).where(eq(households.buildingId, building)).orderBy(asc(households.code))).map((r) => r.code);
		const chief = await world.connect('chief1');
		const liaison = await world.connect('liaison01');
		const taskId = await world.dispatch(chief, liaison, world.newTask(world.userId('chief1'), [building]));
		const twoDaysAgo = period.from - 2 * 86_400_000 + 10 * 3_600_000;
		codes.slice(0, 3).forEach((code, i) => markHousehold(liaison.doc, taskId, building, code, { s: 'visited', by: me, at: twoDaysAgo + i * 60_000 }));
		// Today's in a second task, so they do not take the place of those two days ago.
		const second = await world.dispatch(chief, liaison, world.newTask(world.userId('chief1'), [building], { title: '第二项任务' }));
		codes.slice(3, 5).forEach((code) => markHousehold(liaison.doc, second, building, code, { s: 'absent', by: me, at: period.from + 60_000 }));
		await waitFor(() => liaison.confirmed, 10_000, 'marks stored');

		const write = async (date: string, problem: string, action: string, result: string) =>
			expect((await as('liaison01').postJson('/api/diaries/entries', { date, problem, action, result })).status).toBe(201);
		await write(yesterday, '=SUM(A1)', '提醒住户', '');
		await write(today, '楼道堆放纸箱', '联系住户清理', '已清理');
		await write(today, '路灯不亮', '上报物业', '待维修');

		const months = [...new Set([monthOf(visitsOnly), monthOf(today)])];
		const sheets = await Promise.all(months.map((month) => sheetOf(as('chief1'), `userId=${me}&month=${month}`)));
		for (const sheet of sheets) {
			expect(sheet.rows[0]).toEqual(diarySheetHeader);
			expect(sheet.rows.at(-1)?.[0]).toBe('合计');
			expect(sheet.disposition).toContain(encodeURIComponent('工作日志'));
		}
		const body = sheets.flatMap((sheet) => sheet.rows.slice(1, -1));
		expect(body).toEqual([
			[visitsOnly, 3, null, null, null],
			// A formula-looking text stays text.
			[yesterday, 0, "'=SUM(A1)", '提醒住户', null],
			[today, 2, '楼道堆放纸箱', '联系住户清理', '已清理'],
			[null, null, '路灯不亮', '上报物业', '待维修']
		]);
		const totals = sheets.map((sheet) => sheet.rows.at(-1)?.[1] as number);
		expect(totals.reduce((a, b) => a + b, 0)).toBe(5);

		// Its own liaison downloads it too; a month before 2020 or malformed is refused.
		expect((await as('liaison01').get(`/api/diaries/export.xlsx?month=${monthOf(today)}`)).status).toBe(200);
		for (const month of ['2019-12', '2026-13', '', '2026-1']) expect((await as('liaison01').get(`/api/diaries/export.xlsx?month=${month}`)).status, month).toBe(400);
	});
});
