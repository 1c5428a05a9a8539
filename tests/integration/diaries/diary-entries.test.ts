/**
 * A liaison's own entries: written, sent again (the same entry, never a second), changed,
 * deleted; every bound refused with nothing changed; and the done mark (完成) locking the day.
 */
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDiaryDays, dayOf } from '../../../src/lib/domain/diary-dates';
import { diaryLimits } from '../../../src/lib/domain/diary-view';
import { db } from '../../../src/lib/server/db';
import { diaryDays, diaryEntries } from '../../../src/lib/server/db/schema';
import { demoPlaces, type DemoPlaces } from '../../fixtures/demo-places';
import type { HttpClient } from '../../fixtures/http-client';
import { signInAll } from '../../fixtures/structure-places';
import { startTestServer, type TestServer } from '../../fixtures/test-server';

let server: TestServer;
let places: DemoPlaces;
let clients: Map<string, HttpClient>;
const as = (username: string) => clients.get(username)!;
let ids = 0;
const newId = () => `entry-${++ids}-${Math.random().toString(36).slice(2, 10)}`;

beforeAll(async () => {
	server = await startTestServer();
	places = await demoPlaces();
	clients = await signInAll(server.url, ['liaison01', 'liaison02', 'liaison03', 'chief1', 'secretary', 'street1', 'property1']);
});
afterAll(() => server?.stop());

/** Today's date as the server counts it; a test spanning midnight would read the next day's diary. */
const today = () => dayOf(Date.now());
const entry = (date: string, extra: Record<string, unknown> = {}) => ({ id: newId(), date, problem: '3单元楼道堆放纸箱', action: '联系住户清理', result: '已清理', ...extra });
const rowsOf = async (userId: string) => db().select().from(diaryEntries).where(eq(diaryEntries.userId, userId));
const post = (username: string, body: unknown) => as(username).postJson('/api/diaries/entries', body);

describe('entries', () => {
	it('are written, sent again as the same entry, changed and deleted', async () => {
		const date = addDiaryDays(today(), -2);
		const body = entry(date);
		const created = await post('liaison01', body);
		expect(created.status).toBe(201);
		expect(created.body).toMatchObject({ id: body.id, date, problem: body.problem, action: body.action, result: body.result, matterId: null });

		// A phone resending after a lost answer: the same entry, not a second one.
		const again = await post('liaison01', body);
		expect(again.status).toBe(200);
		expect(again.body).toEqual(created.body);
		// The same id for something else is refused.
		expect((await post('liaison01', { ...body, problem: '别的问题' })).status).toBe(409);
		expect((await post('liaison02', body)).status).toBe(409);

		const changed = await as('liaison01').patchJson(`/api/diaries/entries/${body.id}`, { result: '已清理，住户表示理解' });
		expect(changed.status).toBe(200);
		expect(changed.body).toMatchObject({ problem: body.problem, result: '已清理，住户表示理解' });
		const day = (await as('liaison01').getJson(`/api/diaries?date=${date}`)).body;
		expect(day.entries.map((e: any) => [e.id, e.problem, e.action, e.result])).toEqual([[body.id, body.problem, body.action, '已清理，住户表示理解']]);

		// Nobody else may touch it, and is not told it exists.
		for (const username of ['liaison02', 'chief1', 'secretary']) {
			expect((await as(username).patchJson(`/api/diaries/entries/${body.id}`, { result: 'x' })).status, username).toBe(404);
			expect((await as(username).delete(`/api/diaries/entries/${body.id}`)).status, username).toBe(404);
		}
		expect((await as('property1').delete(`/api/diaries/entries/${body.id}`)).status).toBe(403);

		expect((await as('liaison01').delete(`/api/diaries/entries/${body.id}`)).status).toBe(204);
		expect((await as('liaison01').delete(`/api/diaries/entries/${body.id}`)).status).toBe(404);
		expect((await as('liaison01').patchJson(`/api/diaries/entries/${body.id}`, { result: 'x' })).status).toBe(404);
		expect((await as('liaison01').getJson(`/api/diaries?date=${date}`)).body.entries).toEqual([]);
	});

	it('refuse every input out of bounds and change nothing', async () => {
		const me = places.userIds.get('liaison01')!;
		const date = today();
		const before = await rowsOf(me);
		const long = (n: number) => '字'.repeat(n);
		const refused: [string, unknown, number][] = [
			['empty problem', entry(date, { problem: '   ' }), 400],
			['problem too long', entry(date, { problem: long(diaryLimits.problem + 1) }), 400],
			['action too long', entry(date, { action: long(diaryLimits.action + 1) }), 400],
			['result too long', entry(date, { result: long(diaryLimits.result + 1) }), 400],
			['unknown field', entry(date, { userId: places.userIds.get('liaison02') }), 400],
			['not a date', entry('2026-02-30'), 400],
			['a date before 2020', entry('2019-12-31'), 400],
			['a bad id', entry(date, { id: 'a b' }), 400],
			['a number for text', entry(date, { problem: 42 }), 400],
			['tomorrow', entry(addDiaryDays(date, 1)), 409],
			['too long ago', entry(addDiaryDays(date, -diaryLimits.writableDays)), 409],
			['an unknown matter', entry(date, { matterId: 'no-such-matter' }), 400],
			['not an object', ['problem'], 400]
		];
		for (const [what, body, status] of refused) {
			const answer = await post('liaison01', body);
			expect(answer.status, what).toBe(status);
			expect(answer.body.error, what).toBeTruthy();
		}
		const raw = await fetch(`${server.url}/api/diaries/entries`, {
			method: 'POST',
			headers: { cookie: as('liaison01').cookieHeader(), origin: server.url, 'content-type': 'text/plain' },
			body: JSON.stringify(entry(date))
		});
		expect(raw.status).toBe(415);
		expect(await rowsOf(me)).toEqual(before);
		// The oldest day still open takes an entry.
		expect((await post('liaison01', entry(addDiaryDays(date, -(diaryLimits.writableDays - 1))))).status).toBe(201);
	});

	it('link only to a matter the liaison may see', async () => {
		const base = `/api/communities/${places.communityId}`;
		const [category] = (await as('liaison02').getJson(`${base}/matter-categories`)).body;
		const report = async (username: string, buildingId: string) =>
			(await as(username).postJson(`${base}/matters`, { clientKey: newId(), category: category.id, buildingId, description: '井盖松动' })).body.id as string;
		const own = await report('liaison01', places.liaison01Buildings[0]);
		const others = await report('liaison02', places.liaison02Buildings[0]);
		expect((await post('liaison01', entry(today(), { matterId: others }))).status).toBe(400);
		const linked = await post('liaison01', entry(today(), { matterId: own }));
		expect(linked.status).toBe(201);
		expect(linked.body.matterId).toBe(own);
		expect((await as('liaison01').patchJson(`/api/diaries/entries/${linked.body.id}`, { matterId: others })).status).toBe(400);
		expect((await as('liaison01').patchJson(`/api/diaries/entries/${linked.body.id}`, { matterId: null })).body.matterId).toBeNull();
	});

	it('are only the liaisons’: a chief, the secretary and the street office write none', async () => {
		for (const username of ['chief1', 'secretary', 'street1']) expect((await post(username, entry(today()))).status, username).toBe(403);
		expect((await post('property1', entry(today()))).status).toBe(403);
	});

	it('stop at the day’s cap', async () => {
		const date = addDiaryDays(today(), -5);
		for (let i = 0; i < diaryLimits.entriesPerDay; i++) expect((await post('liaison02', entry(date))).status).toBe(201);
		const over = await post('liaison02', entry(date));
		expect(over.status).toBe(409);
		expect(over.body.code).toBe('error_diary_too_many_entries');
	});
});

describe('the done mark', () => {
	it('locks the day: no new entry, change or deletion; marking again answers the first mark', async () => {
		const me = places.userIds.get('liaison01')!;
		const date = addDiaryDays(today(), -1);
		const kept = entry(date);
		expect((await post('liaison01', kept)).status).toBe(201);

		const done = await as('liaison01').postJson('/api/diaries/done', { date });
		expect(done.status).toBe(200);
		expect(done.body).toEqual({ date, doneAt: expect.any(Number) });
		const again = await as('liaison01').postJson('/api/diaries/done', { date });
		expect(again.body).toEqual(done.body);

		const late = await post('liaison01', entry(date));
		expect(late.status).toBe(409);
		expect(late.body.code).toBe('error_diary_day_done');
		expect((await as('liaison01').patchJson(`/api/diaries/entries/${kept.id}`, { result: '改' })).status).toBe(409);
		expect((await as('liaison01').delete(`/api/diaries/entries/${kept.id}`)).status).toBe(409);
		// The entry sent before the mark, sent again after a lost answer, is still the same entry.
		expect((await post('liaison01', kept)).status).toBe(200);

		const day = (await as('liaison01').getJson(`/api/diaries?date=${date}`)).body;
		expect(day).toMatchObject({ done: true, doneAt: done.body.doneAt, may: { write: false } });
		expect(day.entries.map((e: any) => e.id)).toEqual([kept.id]);
		const [row] = await db().select().from(diaryDays).where(and(eq(diaryDays.userId, me), eq(diaryDays.date, date)));
		expect(row.doneAt.getTime()).toBe(done.body.doneAt);
		// Another day stays open.
		expect((await post('liaison01', entry(addDiaryDays(today(), -3)))).status).toBe(201);
	});

	it('never lets an entry in after it, however close the two come (two phones of one liaison)', async () => {
		// `xmin` is the id of the transaction that wrote a row: which of two writes came later.
		const writeOrder = (column: unknown) => sql<string>`${column}::text::bigint`;
		for (let round = 0; round < 30; round++) {
			// A fresh day each round, spread over two liaisons (the other tests use days 0 to 5 back).
			const username = round % 2 === 0 ? 'liaison02' : 'liaison03';
			const me = places.userIds.get(username)!;
			const date = addDiaryDays(today(), -(6 + Math.floor(round / 2)));
			const bodies = Array.from({ length: 4 }, () => entry(date));
			const [done, ...answers] = await Promise.all([
				as(username).postJson('/api/diaries/done', { date }),
				...bodies.map((body, i) => new Promise((ready) => setTimeout(ready, (round + i) % 3)).then(() => post(username, body)))
			]);
			expect(done.status).toBe(200);
			answers.forEach((answer) => expect([201, 409]).toContain(answer.status));
			const [mark] = await db()
				.select({ doneAt: diaryDays.doneAt, order: writeOrder(sql`${diaryDays}.xmin`) })
				.from(diaryDays)
				.where(and(eq(diaryDays.userId, me), eq(diaryDays.date, date)));
			const kept = await db()
				.select({ id: diaryEntries.id, createdAt: diaryEntries.createdAt, order: writeOrder(sql`${diaryEntries}.xmin`) })
				.from(diaryEntries)
				.where(and(eq(diaryEntries.userId, me), eq(diaryEntries.date, date)));
			// Exactly the entries answered 201 are kept, each written before the mark and not later than its time.
			expect(kept.map((row) => row.id).sort()).toEqual(bodies.filter((_, i) => answers[i].status === 201).map((body) => body.id).sort());
			for (const row of kept) {
				expect(BigInt(row.order), `round ${round}: entry written after the done mark`).toBeLessThan(BigInt(mark.order));
				expect(row.createdAt.getTime()).toBeLessThanOrEqual(done.body.doneAt);
			}
			expect(mark.doneAt.getTime()).toBe(done.body.doneAt);
			// Marked again (the other phone): the first mark.
			const again = await as(username).postJson('/api/diaries/done', { date });
			expect([again.status, again.body]).toEqual([200, done.body]);
		}
	});

	it('is the liaison’s own, on a day still open', async () => {
		for (const username of ['chief1', 'secretary', 'street1', 'property1']) expect((await as(username).postJson('/api/diaries/done', { date: today() })).status, username).toBe(403);
		expect((await as('liaison01').postJson('/api/diaries/done', { date: addDiaryDays(today(), 1) })).status).toBe(409);
		expect((await as('liaison01').postJson('/api/diaries/done', { date: today(), extra: 1 })).status).toBe(400);
	});
});
