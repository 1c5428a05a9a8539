/** What the outbox says about each robot: deliveries of the last 7 days and the error the platform last gave. */
import { and, count, desc, eq, gte, inArray, isNotNull, max, ne } from 'drizzle-orm';
import { db } from '../db';
import { noticeDeliveries } from '../db/schema';
import { noStats, type RobotStats } from './robot-views';

export const statsWindowMs = 7 * 24 * 3600_000;

/** An error is shown until a later message to the same robot went through. */
async function lastErrorOf(robotId: string, since: Date, lastSentId: number): Promise<Pick<RobotStats, 'lastError' | 'lastErrorAt'>> {
	const [row] = await db()
		.select({ id: noticeDeliveries.id, error: noticeDeliveries.lastError, at: noticeDeliveries.lastAttemptAt, createdAt: noticeDeliveries.createdAt })
		.from(noticeDeliveries)
		.where(
			and(
				eq(noticeDeliveries.channel, 'robot'),
				eq(noticeDeliveries.target, robotId),
				gte(noticeDeliveries.createdAt, since),
				isNotNull(noticeDeliveries.lastError),
				ne(noticeDeliveries.status, 'sent')
			)
		)
		.orderBy(desc(noticeDeliveries.id))
		.limit(1);
	if (!row || row.id < lastSentId) return { lastError: null, lastErrorAt: null };
	return { lastError: row.error, lastErrorAt: (row.at ?? row.createdAt).getTime() };
}

export async function robotStats(robotIds: readonly string[], now = Date.now()): Promise<Map<string, RobotStats>> {
	const stats = new Map(robotIds.map((id) => [id, { ...noStats }]));
	if (robotIds.length === 0) return stats;
	const since = new Date(now - statsWindowMs);
	const inWindow = and(eq(noticeDeliveries.channel, 'robot'), inArray(noticeDeliveries.target, [...robotIds]), gte(noticeDeliveries.createdAt, since));
	const counts = await db()
		.select({ target: noticeDeliveries.target, status: noticeDeliveries.status, n: count(), lastId: max(noticeDeliveries.id) })
		.from(noticeDeliveries)
		.where(inWindow)
		.groupBy(noticeDeliveries.target, noticeDeliveries.status);
	const lastSent = new Map<string, number>();
	for (const row of counts) {
		const entry = stats.get(row.target)!;
		entry[row.status] = Number(row.n);
		if (row.status === 'sent') lastSent.set(row.target, Number(row.lastId ?? 0));
	}
	for (const id of robotIds) Object.assign(stats.get(id)!, await lastErrorOf(id, since, lastSent.get(id) ?? 0));
	return stats;
}
