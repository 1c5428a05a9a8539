/**
 * The demo samples (DEMO_SAMPLES=1) are seeded whole or not at all, and on the first start that
 * finds them missing: a database seeded without them gets them once it is started with them, a
 * start that fails part-way leaves nothing behind and the next one seeds them, and a further
 * start adds nothing.
 */
import { count, eq, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../../src/lib/server/db';
import { appMeta, consultations, diaryEntries, matters, progressEvents, tasks, yjsUpdates } from '../../../src/lib/server/db/schema';
import { samplesKey } from '../../../src/lib/server/demo/demo-samples';
import { createTestDatabase, type TestDatabase } from '../../fixtures/test-database';
import { startTestServer } from '../../fixtures/test-server';

let database: TestDatabase;
beforeAll(async () => {
	database = await createTestDatabase();
});
afterAll(() => database?.drop());

const sampleTables = { tasks, progressEvents, yjsUpdates, matters, consultations, diaryEntries } satisfies Record<string, PgTable>;
async function counts(): Promise<Record<string, number>> {
	const found: Record<string, number> = {};
	for (const [name, table] of Object.entries(sampleTables)) found[name] = (await db().select({ n: count() }).from(table))[0].n;
	return found;
}
const recorded = async () => (await db().select().from(appMeta).where(eq(appMeta.key, samplesKey))).length;

/** Starts the server on `on`, runs `look` against it, and stops it. */
async function startAndLook<T>(on: TestDatabase, samples: boolean, look: () => Promise<T>): Promise<T> {
	const server = await startTestServer({ database: on, samples });
	try {
		return await look();
	} finally {
		await server.stop();
	}
}

describe('demo samples at start', () => {
	it('are seeded whole on the first start with DEMO_SAMPLES=1 that finds them missing, and only once', { timeout: 240_000 }, async () => {
		const bare = await startAndLook(database, false, async () => ({ counts: await counts(), recorded: await recorded() }));
		expect(Object.values(bare.counts).every((n) => n === 0)).toBe(true);
		expect(bare.recorded).toBe(0);

		const seeded = await startAndLook(database, true, async () => ({ counts: await counts(), recorded: await recorded() }));
		expect(seeded.counts.tasks).toBeGreaterThan(10);
		expect(seeded.counts.progressEvents).toBeGreaterThan(1000);
		expect(seeded.counts.matters).toBeGreaterThan(25);
		expect(seeded.counts.consultations).toBe(2);
		expect(seeded.counts.diaryEntries).toBeGreaterThan(100);
		expect(seeded.recorded).toBe(1);

		const again = await startAndLook(database, true, counts);
		expect(again).toEqual(seeded.counts);
	});
});

describe('a start that fails while seeding the samples', () => {
	let fresh: TestDatabase;
	beforeAll(async () => {
		fresh = await createTestDatabase();
	});
	afterAll(() => fresh?.drop());

	it('leaves none of them, and the next start seeds them', { timeout: 240_000 }, async () => {
		// The structure, then a database that refuses the last part of the samples (the diaries).
		const server = await startTestServer({ database: fresh });
		await db().execute(sql.raw(`create function refuse_diaries() returns trigger language plpgsql as $$ begin raise exception 'disk full'; end $$`));
		await db().execute(sql.raw(`create trigger refuse_diaries before insert on diary_entries for each statement execute function refuse_diaries()`));
		await server.stop();

		await expect(startTestServer({ database: fresh, samples: true })).rejects.toMatchObject({ cause: { message: expect.stringContaining('disk full') } });
		const afterFailure = await startAndLook(fresh, false, async () => {
			const found = { counts: await counts(), recorded: await recorded() };
			await db().execute(sql.raw(`drop trigger refuse_diaries on diary_entries`));
			return found;
		});
		expect(Object.values(afterFailure.counts).every((n) => n === 0)).toBe(true);
		expect(afterFailure.recorded).toBe(0);

		const resumed = await startAndLook(fresh, true, async () => ({ counts: await counts(), recorded: await recorded() }));
		expect(resumed.counts.tasks).toBeGreaterThan(10);
		expect(resumed.counts.diaryEntries).toBeGreaterThan(100);
		expect(resumed.recorded).toBe(1);
	});
});
