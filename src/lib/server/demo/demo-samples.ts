/**
 * The sample history `npm start` gives the demo community (DEMO_SAMPLES=1): eight weeks of
 * tasks and rounds, matters in every state, two 会商 and three weeks of work diaries. Tests start with the bare structure.
 *
 * All of it is written in one transaction that also records, in `app_meta`, that it was: a start
 * that dies part-way leaves nothing, and the next start with DEMO_SAMPLES=1 seeds it whole.
 */
import { like, sql } from 'drizzle-orm';
import { db } from '../db';
import { appMeta, matters } from '../db/schema';
import { seedDemoDiaries } from './demo-diaries';
import { seedDemoHistory } from './demo-history-seed';
import { seedDemoMatters } from './demo-matters';
import { seededKey } from './seed';

export const samplesKey = 'demo-samples-seeded';

/**
 * Seeds the samples into the demo community unless they are there. Returns whether it did; never
 * into a database whose demo structure this app did not seed.
 */
export async function seedDemoSamples(now = Date.now()): Promise<boolean> {
	return db().transaction(async (tx) => {
		await tx.execute(sql`select pg_advisory_xact_lock(hashtext('grid-dispatch:seed'))`);
		const meta = await tx.select({ key: appMeta.key }).from(appMeta);
		const keys = new Set(meta.map((row) => row.key));
		if (!keys.has(seededKey) || keys.has(samplesKey)) return false;
		const record = () => tx.insert(appMeta).values({ key: samplesKey, value: new Date(now).toISOString() });
		// Seeded before this record existed: the sample matters carry their own client keys.
		const [earlier] = await tx.select({ id: matters.id }).from(matters).where(like(matters.clientKey, 'demo-sample-%')).limit(1);
		if (earlier) {
			await record();
			return false;
		}
		await seedDemoHistory(now, tx);
		await seedDemoMatters(now, tx);
		// Last: a liaison's day is built from the tasks, visits and matters seeded above.
		await seedDemoDiaries(now, tx);
		await record();
		return true;
	});
}
