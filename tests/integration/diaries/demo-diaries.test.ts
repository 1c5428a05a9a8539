/**
 * The demo's diaries: weeks of entries, done marks and comments for the demo liaisons, with an
 * entry for each matter a liaison reported; the same rows every time for the same day, and
 * nothing written twice. They agree with the demo history: a liaison writes about its round only
 * on days it went to doors, so the quiet liaison writes nothing while quiet.
 */
import { asc, eq, isNotNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDiaryDays, dayOf, dayPeriod } from '../../../src/lib/domain/diary-dates';
import { db } from '../../../src/lib/server/db';
import { diaryComments, diaryDays, diaryEntries, matters, progressEvents, users } from '../../../src/lib/server/db/schema';
import { seedDemoDiaries } from '../../../src/lib/server/demo/demo-diaries';
import { quietLiaison } from '../../../src/lib/server/demo/demo-habits';
import { seedDemoHistory } from '../../../src/lib/server/demo/demo-history-seed';
import { seedDemoMatters } from '../../../src/lib/server/demo/demo-matters';
import type { HttpClient } from '../../fixtures/http-client';
import { signInAll } from '../../fixtures/structure-places';
import { startTestServer, type TestServer } from '../../fixtures/test-server';

let server: TestServer;
let clients: Map<string, HttpClient>;
/** A first start at 09:00 Beijing time, before anyone has sat down to write. */
const morningOf = (date: string) => dayPeriod(date).from + 9 * 3_600_000;
const now = morningOf(dayOf(Date.now())) <= Date.now() ? morningOf(dayOf(Date.now())) : morningOf(addDiaryDays(dayOf(Date.now()), -1));

beforeAll(async () => {
	server = await startTestServer();
	await seedDemoHistory(now);
	await seedDemoMatters(now);
	clients = await signInAll(server.url, ['liaison01', 'chief1']);
});
afterAll(() => server?.stop());

const everything = async () => ({
	entries: await db().select().from(diaryEntries).orderBy(asc(diaryEntries.id)),
	days: await db().select().from(diaryDays).orderBy(asc(diaryDays.userId), asc(diaryDays.date)),
	comments: await db().select().from(diaryComments).orderBy(asc(diaryComments.id))
});

describe('seedDemoDiaries', () => {
	it('writes weeks of diaries, the same every time, and only once', async () => {
		await seedDemoDiaries(now);
		const first = await everything();
		expect(first.entries.length).toBeGreaterThan(200);
		expect(first.days.length).toBeGreaterThan(200);
		expect(first.comments.some((c) => c.kind === 'review')).toBe(true);
		expect(first.comments.some((c) => c.kind === 'check')).toBe(true);
		// Nothing in the future, and today is not marked done.
		expect(first.entries.filter((e) => e.date > dayOf(now) || e.createdAt.getTime() > now)).toEqual([]);
		expect(first.days.filter((d) => d.doneAt.getTime() > now)).toEqual([]);
		expect(first.comments.filter((c) => c.createdAt.getTime() > now)).toEqual([]);
		expect(first.days.some((d) => d.date === dayOf(now))).toBe(false);
		// Every matter reported in the window has its entry, linked.
		const reported = await db().select({ id: matters.id }).from(matters);
		const linked = new Set(first.entries.map((e) => e.matterId));
		expect(reported.filter((m) => linked.has(m.id)).length).toBeGreaterThan(0);

		await seedDemoDiaries(now);
		expect(await everything()).toEqual(first);
		await db().delete(diaryComments);
		await db().delete(diaryDays);
		await db().delete(diaryEntries);
		await seedDemoDiaries(now);
		expect(await everything()).toEqual(first);
	});

	it('writes about a round only on a day of visits, and nothing while the quiet liaison is quiet', async () => {
		const entries = await db().select().from(diaryEntries);
		const marks = await db().select({ userId: progressEvents.userId, at: progressEvents.recordedAt }).from(progressEvents).where(isNotNull(progressEvents.userId));
		const visitDays = new Set(marks.map((m) => `${m.userId} ${dayOf(m.at.getTime())}`));
		const ordinary = entries.filter((e) => e.matterId === null);
		expect(ordinary.length).toBeGreaterThan(100);
		expect(ordinary.filter((e) => !visitDays.has(`${e.userId} ${e.date}`))).toEqual([]);

		const quietName = `liaison${String(quietLiaison.number).padStart(2, '0')}`;
		const [quiet] = await db().select({ id: users.id }).from(users).where(eq(users.username, quietName));
		const quietFrom = addDiaryDays(dayOf(now), -quietLiaison.sinceDaysAgo);
		expect(entries.filter((e) => e.userId === quiet.id && e.date >= quietFrom)).toEqual([]);
		const days = await db().select().from(diaryDays).where(eq(diaryDays.userId, quiet.id));
		expect(days.filter((d) => d.date >= quietFrom)).toEqual([]);
		// Before it went quiet it kept its diary like the others.
		expect(entries.some((e) => e.userId === quiet.id && e.date < quietFrom)).toBe(true);
	});

	it('reads through the API as any diary does', async () => {
		const month = (await clients.get('liaison01')!.getJson('/api/diaries/month')).body.days;
		expect(month.some((day: { entries: number }) => day.entries > 0)).toBe(true);
		const team = (await clients.get('chief1')!.getJson('/api/diaries/team')).body.liaisons;
		expect(team.length).toBeGreaterThan(0);
	});
});
