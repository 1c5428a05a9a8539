/**
 * The weekly 会商 through the API: the secretary starts it (one at a time), records attendees,
 * decides matters with the meeting's id, ends it (what still waits is carried over); the
 * minutes and the 问题台账 as .xlsx; the secretary's category settings and their time limits.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSheet } from 'read-excel-file/node';
import { db } from '../../../src/lib/server/db';
import { consultations, matterCategories } from '../../../src/lib/server/db/schema';
import { newId } from '../../../src/lib/server/ids';
import { demoPlaces, type DemoPlaces } from '../../fixtures/demo-places';
import type { HttpClient } from '../../fixtures/http-client';
import { createOtherCommunity, signInAll } from '../../fixtures/structure-places';
import { startTestServer, type TestServer } from '../../fixtures/test-server';

let server: TestServer;
let places: DemoPlaces;
let clients: Map<string, HttpClient>;
let stairwell: string;

beforeAll(async () => {
	server = await startTestServer();
	places = await demoPlaces();
	clients = await signInAll(server.url, ['secretary', 'chief1', 'liaison01', 'street1', 'property1']);
	const { body } = await as('secretary').getJson(api('/matter-categories'));
	stairwell = body.find((c: { name: string }) => c.name === '楼道卫生').id;
});
afterAll(async () => {
	await server?.stop();
});

const as = (username: string) => clients.get(username)!;
const api = (rest: string, communityId = places.communityId) => `/api/communities/${communityId}${rest}`;
const act = (username: string, id: string, body: Record<string, unknown>) => as(username).postJson(`/api/matters/${id}/actions`, body);
let keys = 0;
async function report(description: string, extra: Record<string, unknown> = {}): Promise<string> {
	const { status, body } = await as('liaison01').postJson(api('/matters'), {
		clientKey: `meeting-key-${Date.now()}-${++keys}`,
		category: stairwell,
		buildingId: places.liaison01Buildings[0],
		description,
		...extra
	});
	expect(status).toBe(201);
	return body.id;
}

async function download(username: string, path: string): Promise<{ status: number; rows: unknown[][]; response: Response }> {
	const response = await as(username).get(path, { accept: '*/*' });
	if (response.status !== 200) return { status: response.status, rows: [], response };
	const rows = (await readSheet(Buffer.from(await response.arrayBuffer()))) as unknown[][];
	return { status: 200, rows, response };
}

/** Ends whatever meeting is open, so each test starts from none. */
async function endOpenMeeting() {
	const { body } = await as('secretary').getJson(api('/consultations'));
	for (const meeting of body.consultations.filter((c: { endedAt: number | null }) => c.endedAt === null)) {
		await as('secretary').postJson(`/api/consultations/${meeting.id}/end`, {});
	}
}

describe('a meeting', () => {
	it('starts once, records attendees and notes, takes decisions, ends carrying over what still waits', async () => {
		await endOpenMeeting();
		const [routed, rejected, merged, waiting] = [
			await report('3单元楼道堆放杂物'),
			await report('楼道里有人晾衣服'),
			await report('3单元杂物堆积，同一件事'),
			await report('楼道灯不亮，要再看看')
		];

		expect((await as('chief1').postJson(api('/consultations'), {})).status).toBe(403);
		expect((await as('liaison01').postJson(api('/consultations'), {})).status).toBe(403);
		const started = await as('secretary').postJson(api('/consultations'), {});
		expect(started.status).toBe(201);
		expect(started.body).toMatchObject({ endedAt: null, attendees: [], notes: '', carriedOver: [], startedByName: expect.any(String) });
		const meetingId = started.body.id;
		const again = await as('secretary').postJson(api('/consultations'), {});
		expect(again.status).toBe(409);
		expect(again.body).toMatchObject({ code: 'error_consultation_open', consultationId: meetingId });

		const edited = await as('secretary').patchJson(`/api/consultations/${meetingId}`, { attendees: ['王书记', ' 李网格长 ', '王书记', ''], notes: '下周复查 3 单元' });
		expect(edited.status).toBe(200);
		expect(edited.body).toMatchObject({ attendees: ['王书记', '李网格长'], notes: '下周复查 3 单元' });
		const tooMany = await as('secretary').patchJson(`/api/consultations/${meetingId}`, { attendees: Array.from({ length: 41 }, (_, i) => `人员${i}`) });
		expect(tooMany).toMatchObject({ status: 400, body: { code: 'error_consultation_input' } });
		expect((await as('secretary').patchJson(`/api/consultations/${meetingId}`, { attendees: ['名'.repeat(41)] })).status).toBe(400);
		expect((await as('secretary').patchJson(`/api/consultations/${meetingId}`, { notes: 'x'.repeat(4001) })).status).toBe(400);
		expect((await as('secretary').patchJson(`/api/consultations/${meetingId}`, { startedAt: 0 })).status).toBe(400);
		expect((await as('chief1').patchJson(`/api/consultations/${meetingId}`, { notes: '网格长改的' })).status).toBe(403);
		expect((await as('liaison01').patchJson(`/api/consultations/${meetingId}`, { notes: '联络员改的' })).status).toBe(403);

		expect((await act('secretary', routed, { action: 'route', destination: { kind: 'property' }, meetingId })).body.destinationName).toBe('光明物业');
		expect((await act('secretary', rejected, { action: 'reject', reason: '属于住户个人行为', meetingId })).body.status).toBe('rejected');
		expect((await act('secretary', merged, { action: 'merge', into: routed, meetingId })).body.status).toBe('merged');
		const strayMeeting = await act('secretary', waiting, { action: 'reject', reason: '测试', meetingId: 'no-such-meeting' });
		expect(strayMeeting).toMatchObject({ status: 400, body: { code: 'error_consultation_not_open' } });

		const ended = await as('secretary').postJson(`/api/consultations/${meetingId}/end`, {});
		expect(ended.status).toBe(200);
		expect(ended.body.endedAt).toEqual(expect.any(Number));
		expect(ended.body.carriedOver).toContain(waiting);
		expect(ended.body.carriedOver).not.toContain(routed);
		expect(ended.body.carriedOver).not.toContain(rejected);
		expect((await as('secretary').postJson(`/api/consultations/${meetingId}/end`, {})).body.code).toBe('error_consultation_ended');
		// A page left open after the meeting ended cannot add to its minutes.
		const late = await act('secretary', waiting, { action: 'route', destination: { kind: 'street' }, meetingId });
		expect(late).toMatchObject({ status: 400, body: { code: 'error_consultation_not_open' } });

		const minutes = await as('chief1').getJson(`/api/consultations/${meetingId}`);
		expect(minutes.status).toBe(200);
		expect(minutes.body.decisions.map((d: { matterId: string; action: string }) => [d.matterId, d.action])).toEqual([
			[routed, 'route'],
			[rejected, 'reject'],
			[merged, 'merge']
		]);
		expect(minutes.body.decisions[0]).toMatchObject({ destinationName: '光明物业', categoryLabel: '房屋及楼道 · 楼道卫生', place: expect.any(String) });
		expect(minutes.body.decisions[1].note).toBe('属于住户个人行为');
		expect(minutes.body.decisions[2].into).toBe(routed);
		expect(minutes.body.carriedOverItems.map((i: { matterId: string }) => i.matterId)).toContain(waiting);
		expect((await as('liaison01').getJson(`/api/consultations/${meetingId}`)).status).toBe(403);
		expect((await as('street1').getJson(`/api/consultations/${meetingId}`)).status).toBe(200);
	});

	it('two starts at once open one meeting', async () => {
		await endOpenMeeting();
		const answers = await Promise.all([1, 2, 3].map(() => as('secretary').postJson(api('/consultations'), {})));
		expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409]);
		const { body } = await as('secretary').getJson(api('/consultations'));
		expect(body.consultations.filter((c: { endedAt: number | null }) => c.endedAt === null)).toHaveLength(1);
		await endOpenMeeting();
	});

	it('lists meetings newest first, for the secretary, chiefs and the street office only', async () => {
		await endOpenMeeting();
		const first = (await as('secretary').postJson(api('/consultations'), {})).body;
		await as('secretary').postJson(`/api/consultations/${first.id}/end`, {});
		const second = (await as('secretary').postJson(api('/consultations'), {})).body;
		const { status, body } = await as('chief1').getJson(api('/consultations'));
		expect(status).toBe(200);
		expect(body.consultations.slice(0, 2).map((c: { id: string }) => c.id)).toEqual([second.id, first.id]);
		expect((await as('street1').getJson(api('/consultations'))).status).toBe(200);
		expect((await as('liaison01').getJson(api('/consultations'))).status).toBe(403);
		expect((await as('property1').getJson(api('/consultations'))).status).toBe(403);
		await as('secretary').postJson(`/api/consultations/${second.id}/end`, {});
	});

	it('answers 404 for another community’s meeting, and for one that never was', async () => {
		const other = await createOtherCommunity();
		const foreignId = newId();
		await db().insert(consultations).values({ id: foreignId, communityId: other.communityId, startedAt: new Date(), startedBy: other.liaisonId });
		for (const [method, path] of [
			['PATCH', `/api/consultations/${foreignId}`],
			['POST', `/api/consultations/${foreignId}/end`],
			['PATCH', '/api/consultations/never-was'],
			['POST', '/api/consultations/never-was/end']
		] as const) {
			const answer = await as('secretary').sendJson(method, path, method === 'PATCH' ? { notes: '改别人的' } : {});
			expect(answer, `${method} ${path}`).toMatchObject({ status: 404, body: { code: 'error_consultation_not_found' } });
		}
		expect((await as('secretary').getJson(`/api/consultations/${foreignId}`)).status).toBe(404);
		expect((await as('street1').getJson(`/api/consultations/${foreignId}`)).status).toBe(404);
		expect((await download('secretary', api(`/exports/consultations/${foreignId}.xlsx`))).status).toBe(404);
		expect((await download('secretary', api(`/exports/consultations/${foreignId}.xlsx`, other.communityId))).status).toBe(404);
	});
});

describe('the files', () => {
	it('the minutes read back with their header, decisions and what was carried over', async () => {
		await endOpenMeeting();
		const routed = await report('=HYPERLINK("http://example.com","点我")');
		const rejected = await report('楼道有积水');
		const waiting = await report('+86 电话打不通，再确认');
		const meetingId = (await as('secretary').postJson(api('/consultations'), {})).body.id;
		await as('secretary').patchJson(`/api/consultations/${meetingId}`, { attendees: ['-李网格长', '王书记'], notes: '@所有人 周五前回复' });
		await act('secretary', routed, { action: 'route', destination: { kind: 'property' }, meetingId });
		await act('secretary', rejected, { action: 'reject', reason: '已由住户自行处理', meetingId });
		await as('secretary').postJson(`/api/consultations/${meetingId}/end`, {});

		const { status, rows, response } = await download('secretary', api(`/exports/consultations/${meetingId}.xlsx`));
		expect(status).toBe(200);
		expect(response.headers.get('content-type')).toMatch(/spreadsheetml/);
		expect(response.headers.get('content-disposition')).toMatch(/filename\*=UTF-8''.*%E4%BC%9A%E5%95%86%E7%BA%AA%E8%A6%81/);
		const text = rows.map((row) => row.map((cell) => (cell === null ? '' : String(cell))));
		expect(text[0][0]).toBe('会商纪要');
		expect(text.find((row) => row[0] === '社区')?.[1]).toBe('乐雅社区');
		// Typed text starting with = + - @ is written as text a spreadsheet will not run.
		expect(text.find((row) => row[0] === '出席人员')?.[1]).toBe("'-李网格长、王书记");
		const decision = (id: string) => text.find((row) => row[0] === id);
		expect(decision(routed)?.[3]).toBe(`'=HYPERLINK("http://example.com","点我")`);
		expect(decision(routed)?.[4]).toBe('派遣至光明物业');
		expect(decision(rejected)?.[4]).toBe('不予受理：已由住户自行处理');
		const carriedAt = text.findIndex((row) => row[0].startsWith('结转事项'));
		expect(carriedAt).toBeGreaterThan(text.findIndex((row) => row[0] === rejected));
		expect(text.slice(carriedAt).some((row) => row[0] === waiting && row[3] === "'+86 电话打不通，再确认")).toBe(true);
		expect(text.at(-1)?.[0]).toBe("'@所有人 周五前回复");

		expect((await download('chief1', api(`/exports/consultations/${meetingId}.xlsx`))).status).toBe(200);
		expect((await download('liaison01', api(`/exports/consultations/${meetingId}.xlsx`))).status).toBe(403);
	});

	it('the 问题台账 has one row per matter the caller may see, as the matters list gives them', async () => {
		for (const username of ['secretary', 'chief1', 'street1']) {
			const list = await as(username).getJson(api('/matters?limit=10000'));
			const { status, rows } = await download(username, api('/exports/matters.xlsx'));
			expect(status, username).toBe(200);
			expect(rows[0]).toEqual(['编号', '上报时间', '类别', '楼栋/位置', '问题描述', '紧急', '上报人', '状态', '派遣对象', '派遣时间', '签收时间', '期限', '处置时间', '结案时间', '是否按期', '督办次数', '处置说明']);
			expect(rows.slice(1).map((row) => row[0]), username).toEqual(list.body.matters.map((m: { id: string }) => m.id));
		}
		const all = (await as('secretary').getJson(api('/matters?limit=10000'))).body.matters;
		expect(all.length).toBeGreaterThan(5);
		const routedOne = all.find((m: { status: string }) => m.status === 'routed');
		const { rows } = await download('secretary', api('/exports/matters.xlsx'));
		const row = rows.find((r) => r[0] === routedOne.id)!;
		expect(row[7]).toBe('已派遣·未签收');
		expect(row[8]).toBe('光明物业');
		expect(String(row[11])).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);

		// Bounded by report time: from the third-newest on.
		const since = all[2].reportedAt;
		const bounded = await download('secretary', api(`/exports/matters.xlsx?from=${since}`));
		expect(bounded.rows.length - 1).toBe((await as('secretary').getJson(api(`/matters?since=${since}`))).body.matters.length);
		const upTo = await download('secretary', api(`/exports/matters.xlsx?to=${since}`));
		expect(upTo.rows.length - 1 + bounded.rows.length - 1).toBe(all.length);
		expect((await download('secretary', api('/exports/matters.xlsx?from=yesterday'))).status).toBe(400);

		expect((await download('liaison01', api('/exports/matters.xlsx'))).status).toBe(403);
		expect((await download('property1', api('/exports/matters.xlsx'))).status).toBe(403);
	});
});

describe('category settings', () => {
	const categories = async (query = '') => (await as('secretary').getJson(api(`/matter-categories${query}`))).body as { id: string; name: string; nameEn: string; parentId: string | null; limits: unknown }[];
	const hours = (amount: number) => ({ amount, unit: 'hours' });
	const limits = { urgent: hours(2), property: hours(5), community: { amount: 2, unit: 'days' }, street: { amount: 3, unit: 'workdays' } };

	it('the secretary adds, renames, sets limits and retires; routed matters follow the limits; nothing is deleted', async () => {
		expect((await as('chief1').postJson(api('/matter-categories'), { name: '停车管理' })).status).toBe(403);
		const top = await as('secretary').postJson(api('/matter-categories'), { name: '停车管理', nameEn: 'Parking' });
		expect(top.status).toBe(201);
		expect(top.body).toMatchObject({ name: '停车管理', nameEn: 'Parking', parentId: null, limits: null, retired: false });
		const sub = await as('secretary').postJson(api('/matter-categories'), { name: '占用消防通道', parentId: top.body.id });
		expect(sub.body).toMatchObject({ parentId: top.body.id });
		expect((await as('secretary').postJson(api('/matter-categories'), { name: '三级', parentId: sub.body.id })).body.code).toBe('error_category_parent');
		const listed = await categories();
		expect(listed.map((c) => c.id).slice(-2)).toEqual([top.body.id, sub.body.id]);

		const renamed = await as('secretary').patchJson(api(`/matter-categories/${sub.body.id}`), { name: '占用消防车道', nameEn: 'Fire lane blocked' });
		expect(renamed.body).toMatchObject({ name: '占用消防车道', nameEn: 'Fire lane blocked' });
		expect((await as('chief1').patchJson(api(`/matter-categories/${sub.body.id}`), { name: '网格长改' })).status).toBe(403);

		// The sub-category has no limits of its own: its parent's apply.
		expect((await as('secretary').patchJson(api(`/matter-categories/${top.body.id}`), { limits })).body.limits).toEqual(limits);
		const matter = await report('消防车道被私家车占用', { category: sub.body.id });
		const routed = await act('secretary', matter, { action: 'route', destination: { kind: 'property' } });
		expect(routed.body.dueAt - routed.body.routedAt).toBe(5 * 3_600_000);
		const urgentOne = await report('消防车道堵死了', { category: sub.body.id, urgent: true });
		const urgentRouted = await act('secretary', urgentOne, { action: 'route', destination: { kind: 'street' } });
		expect(urgentRouted.body.dueAt - urgentRouted.body.routedAt).toBe(2 * 3_600_000);

		// Cleared: the defaults again (3 days to a property company).
		await as('secretary').patchJson(api(`/matter-categories/${top.body.id}`), { limits: null });
		const later = await report('消防车道又被占用', { category: sub.body.id });
		const laterRouted = await act('secretary', later, { action: 'route', destination: { kind: 'property' } });
		expect(laterRouted.body.dueAt - laterRouted.body.routedAt).toBe(3 * 86_400_000);

		// Retiring the top category retires its sub-category; old matters keep naming it.
		const retired = await as('secretary').patchJson(api(`/matter-categories/${top.body.id}`), { retired: true });
		expect(retired.body.retired).toBe(true);
		const offered = (await categories()).map((c) => c.id);
		expect(offered).not.toContain(top.body.id);
		expect(offered).not.toContain(sub.body.id);
		expect((await as('secretary').getJson(`/api/matters/${matter}`)).body.category).toBe(sub.body.id);
		const back = await as('secretary').patchJson(api(`/matter-categories/${sub.body.id}`), { retired: false });
		expect(back).toMatchObject({ status: 400, body: { code: 'error_category_parent_retired' } });
		await as('secretary').patchJson(api(`/matter-categories/${top.body.id}`), { retired: false });
		expect((await as('secretary').patchJson(api(`/matter-categories/${sub.body.id}`), { retired: false })).body.retired).toBe(false);
		expect((await categories()).map((c) => c.id)).toEqual(expect.arrayContaining([top.body.id, sub.body.id]));
	});

	it('bad limits and names are refused with 400 and change nothing', async () => {
		const before = await categories();
		const target = before.find((c) => c.name === '楼道卫生')!;
		const bad = [
			{ limits: { ...limits, property: { amount: 0, unit: 'hours' } } },
			{ limits: { ...limits, property: { amount: 9000, unit: 'hours' } } },
			{ limits: { ...limits, street: { amount: 2, unit: 'weeks' } } },
			{ limits: { urgent: hours(2), property: hours(5), community: hours(5) } },
			{ limits: { ...limits, property: { amount: 1.5, unit: 'days' } } },
			{ name: '' },
			{ name: '类'.repeat(41) },
			{ name: '新名字', colour: 'red' }
		];
		for (const body of bad) {
			const answer = await as('secretary').patchJson(api(`/matter-categories/${target.id}`), body);
			expect(answer, JSON.stringify(body)).toMatchObject({ status: 400, body: { code: 'error_category_input' } });
		}
		expect((await as('secretary').postJson(api('/matter-categories'), { name: '新类别', limits: { urgent: hours(0) } })).status).toBe(400);
		expect(await categories()).toEqual(before);
		expect((await as('secretary').patchJson(api('/matter-categories/never-was'), { name: '无' })).status).toBe(404);
	});

	it('another community’s category is not found; at most 100 categories, retired ones counted', async () => {
		const other = await createOtherCommunity();
		const foreignId = newId();
		await db().insert(matterCategories).values({ id: foreignId, communityId: other.communityId, name: '外社区类别' });
		const foreign = await as('secretary').patchJson(api(`/matter-categories/${foreignId}`), { name: '改别人的' });
		expect(foreign.status).toBe(404);

		// Retired ones count too: retire one, then fill up to the bound.
		const first = await as('secretary').postJson(api('/matter-categories'), { name: '临时类别' });
		await as('secretary').patchJson(api(`/matter-categories/${first.body.id}`), { retired: true });
		let refused: { status: number; body: { code: string } } | null = null;
		for (let n = 0; !refused && n < 100; n++) {
			const answer = await as('secretary').postJson(api('/matter-categories'), { name: `类别${n}` });
			if (answer.status !== 201) refused = answer;
		}
		expect(refused).toMatchObject({ status: 400, body: { code: 'error_category_too_many' } });
		expect((await categories()).length).toBe(99);
	});
});
