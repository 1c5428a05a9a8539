import { inArray, lt, sql } from 'drizzle-orm';
import { windowOver, type ThrottleKey } from '../../domain/resident-reports';
import { db, type Tx } from '../db';
import { publicReportThrottle } from '../db/schema';
import { refusal } from '../refusal';

/**
 * Fixed-window counters of what residents send (`residentThrottle` in the domain sets the
 * numbers), in the database so that every instance counts the same. A claim is one atomic
 * upsert per counter inside the caller's transaction: when any counter is over, the refusal
 * rolls the whole write back, the counters included, so a refused request stores nothing.
 */

const throttled = (rule: { windowMinutes: number }) => refusal(429, 'error_public_throttled', { minutes: rule.windowMinutes });

/** Refuses (429) before any work when a counter is already full; a cheap read, the claim decides. */
export async function requireThrottleRoom(keys: readonly ThrottleKey[], now: Date): Promise<void> {
	const rows = await db()
		.select()
		.from(publicReportThrottle)
		.where(
			inArray(
				publicReportThrottle.key,
				keys.map((k) => k.key)
			)
		);
	for (const { key, rule } of keys) {
		const row = rows.find((r) => r.key === key);
		if (row && !windowOver(row.windowStart.getTime(), now.getTime(), rule) && row.count >= rule.limit) throw throttled(rule);
	}
}

/** Counts one more against each key, in `tx`; 429 when that goes over a key's limit. */
export async function claimThrottle(tx: Tx, keys: readonly ThrottleKey[], now: Date): Promise<void> {
	// Always in the same order, so two claims of the same keys cannot wait on each other.
	for (const { key, rule } of [...keys].sort((a, b) => a.key.localeCompare(b.key))) {
		const at = now.toISOString();
		const cutoff = new Date(now.getTime() - rule.windowMinutes * 60_000).toISOString();
		const over = sql`${publicReportThrottle.windowStart} <= ${cutoff}::timestamptz`;
		const [row] = await tx
			.insert(publicReportThrottle)
			.values({ key, windowStart: now, count: 1 })
			.onConflictDoUpdate({
				target: publicReportThrottle.key,
				set: {
					windowStart: sql`case when ${over} then ${at}::timestamptz else ${publicReportThrottle.windowStart} end`,
					count: sql`case when ${over} then 1 else ${publicReportThrottle.count} + 1 end`
				}
			})
			.returning({ count: publicReportThrottle.count });
		if (row.count > rule.limit) throw throttled(rule);
	}
}

/** Drops counters whose window ended long ago, so the table holds only the last day's senders. */
export async function forgetOldCounters(now: Date): Promise<void> {
	try {
		await db()
			.delete(publicReportThrottle)
			.where(lt(publicReportThrottle.windowStart, new Date(now.getTime() - 86_400_000)));
	} catch (caught) {
		console.error('forgetting old resident throttle counters failed', caught);
	}
}
