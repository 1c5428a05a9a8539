/**
 * Who may read, write and comment on a diary, through the HTTP API: the liaison its own, a
 * chief its grids' liaisons, the secretary and the street office any (the street read-only), a
 * property company none; another community's diary is not found. Comments (点评, 抽查) reach
 * the liaison. Refused attempts change nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayOf } from '../../../src/lib/domain/diary-dates';
import { db } from '../../../src/lib/server/db';
import { diaryComments } from '../../../src/lib/server/db/schema';
import { demoPlaces, type DemoPlaces } from '../../fixtures/demo-places';
import type { HttpClient } from '../../fixtures/http-client';
import { createOtherCommunity, signInAll } from '../../fixtures/structure-places';
import { startTestServer, type TestServer } from '../../fixtures/test-server';

const roles = ['liaison01', 'liaison02', 'chief1', 'chief2', 'secretary', 'street1', 'property1'] as const;
type Role = (typeof roles)[number];

let server: TestServer;
let places: DemoPlaces;
let clients: Map<string, HttpClient>;
let otherLiaison: string;
const as = (username: string) => clients.get(username)!;
const idOf = (username: string) => places.userIds.get(username)!;

beforeAll(async () => {
	server = await startTestServer();
	places = await demoPlaces();
	clients = await signInAll(server.url, [...roles]);
	otherLiaison = (await createOtherCommunity()).liaisonId;
});
afterAll(() => server?.stop());

const today = () => dayOf(Date.now());

describe('reading liaison01’s diary', () => {
	const answers: Record<Role, { status: number; may?: { write: boolean; comment: boolean } }> = {
		liaison01: { status: 200, may: { write: true, comment: false } },
		liaison02: { status: 404 },
		chief1: { status: 200, may: { write: false, comment: true } },
		chief2: { status: 404 },
		secretary: { status: 200, may: { write: false, comment: true } },
		street1: { status: 200, may: { write: false, comment: false } },
		property1: { status: 403 }
	};
	for (const role of roles) {
		it(`${role}: ${answers[role].status}`, async () => {
			const read = await as(role).getJson(`/api/diaries?userId=${idOf('liaison01')}&date=${today()}`);
			expect(read.status).toBe(answers[role].status);
			if (read.status === 200) expect(read.body.may).toEqual(answers[role].may);
			else expect(read.body.error).toBeTruthy();
			const month = await as(role).getJson(`/api/diaries/month?userId=${idOf('liaison01')}`);
			expect(month.status).toBe(answers[role].status);
			const sheet = await as(role).get(`/api/diaries/export.xlsx?userId=${idOf('liaison01')}&month=${today().slice(0, 7)}`);
			expect(sheet.status).toBe(answers[role].status);
		});
	}

	it('is not found for someone who keeps no diary, nor for another community’s liaison', async () => {
		for (const role of ['secretary', 'chief1', 'street1'] as const) {
			expect((await as(role).getJson(`/api/diaries?userId=${otherLiaison}`)).status, role).toBe(404);
			expect((await as(role).getJson(`/api/diaries?userId=${idOf('chief1')}`)).status, role).toBe(404);
			expect((await as(role).getJson(`/api/diaries?userId=${idOf('liaison01')}&community=${'x'.repeat(20)}`)).status, role).toBe(404);
		}
		expect((await as('secretary').getJson('/api/diaries?userId=no-such-user')).status).toBe(404);
		// A chief and the secretary keep none of their own.
		expect((await as('chief1').getJson('/api/diaries')).status).toBe(404);
	});

	it('refuses malformed queries and the signed-out', async () => {
		for (const query of ['date=2026-02-30', 'date=yesterday', `userId=${'x'.repeat(65)}`, `date=${'9'.repeat(4)}-12-31`]) {
			expect((await as('liaison01').getJson(`/api/diaries?${query}`)).status, query).toBe(400);
		}
		const anonymous = await fetch(`${server.url}/api/diaries`, { headers: { accept: 'application/json' } });
		expect(anonymous.status).toBe(401);
	});
});

describe('comments', () => {
	const comment = (username: string, text: string, extra: Record<string, unknown> = {}) =>
		as(username).postJson('/api/diaries/comments', { userId: idOf('liaison01'), date: today(), text, ...extra });

	it('the chief’s is a 点评, the secretary’s a 抽查, and the liaison reads both', async () => {
		const review = await comment('chief1', '记录详实，继续保持');
		expect(review.status).toBe(201);
		expect(review.body).toMatchObject({ kind: 'review', authorId: idOf('chief1'), text: '记录详实，继续保持' });
		const id = 'check-0123456789';
		const check = await comment('secretary', '已抽查，走访情况属实', { id });
		expect(check.status).toBe(201);
		expect(check.body.kind).toBe('check');
		// Sent again: the same comment; another text under the same id: refused.
		expect((await comment('secretary', '已抽查，走访情况属实', { id })).status).toBe(200);
		expect((await comment('secretary', '别的内容', { id })).status).toBe(409);

		const day = (await as('liaison01').getJson('/api/diaries')).body;
		expect(day.comments.map((c: any) => [c.kind, c.authorName.length > 0, c.text])).toEqual([
			['review', true, '记录详实，继续保持'],
			['check', true, '已抽查，走访情况属实']
		]);
	});

	it('are refused to everyone else, and change nothing', async () => {
		const before = await db().select().from(diaryComments);
		const expected: [Role, number][] = [
			['liaison01', 403],
			['liaison02', 404],
			['chief2', 404],
			['street1', 403],
			['property1', 403]
		];
		for (const [role, status] of expected) expect((await comment(role, '看过了')).status, role).toBe(status);
		for (const [what, body] of [
			['empty', { userId: idOf('liaison01'), date: today(), text: '  ' }],
			['too long', { userId: idOf('liaison01'), date: today(), text: '评'.repeat(301) }],
			['no user', { date: today(), text: '好' }],
			['tomorrow+', { userId: idOf('liaison01'), date: '2999-01-01', text: '好' }]
		] as const) {
			expect((await as('secretary').postJson('/api/diaries/comments', body)).status, what).toBe(400);
		}
		expect(await db().select().from(diaryComments)).toEqual(before);
	});
});

describe('the list of diaries', () => {
	it('shows a chief its grid’s liaisons, the secretary and the street office all, and nobody else', async () => {
		const chief1 = await as('chief1').getJson('/api/diaries/team');
		expect(chief1.status).toBe(200);
		const secretary = (await as('secretary').getJson('/api/diaries/team')).body.liaisons;
		expect(secretary).toHaveLength(31);
		expect(chief1.body.liaisons.length).toBeGreaterThan(0);
		expect(chief1.body.liaisons.length).toBeLessThan(31);
		const chiefIds = chief1.body.liaisons.map((row: any) => row.userId);
		expect(chiefIds).toContain(idOf('liaison01'));
		const chief2 = (await as('chief2').getJson('/api/diaries/team')).body.liaisons.map((row: any) => row.userId);
		expect(chief2.filter((id: string) => chiefIds.includes(id))).toEqual([]);
		expect((await as('street1').getJson('/api/diaries/team')).body.liaisons).toHaveLength(31);
		expect((await as('liaison01').getJson('/api/diaries/team')).status).toBe(403);
		expect((await as('property1').getJson('/api/diaries/team')).status).toBe(403);
	});

	it('tells who marked the day done', async () => {
		expect((await as('liaison02').postJson('/api/diaries/done', { date: today() })).status).toBe(200);
		const rows = (await as('secretary').getJson(`/api/diaries/team?date=${today()}`)).body.liaisons;
		const done = rows.filter((row: any) => row.done).map((row: any) => row.userId);
		expect(done).toEqual([idOf('liaison02')]);
	});
});
