import { and, asc, count, eq, gt, inArray, isNull, lte, min, or } from 'drizzle-orm';
import { db } from '../db';
import { noticeDeliveries, notifyRobots } from '../db/schema';
import { ratePerWindow, type NotifySettings } from './notify-settings';

export type LeasedDelivery = typeof noticeDeliveries.$inferSelect;

/**
 * Leases due deliveries to this instance, within each robot's rate: a robot may have at most its
 * platform's allowance sent or in flight in any window, counted over every instance (the robot's
 * row is locked while its budget is counted, so two instances never both spend the last place).
 * A delivery over budget waits until the window frees a place instead of being looked at again.
 */
export async function leaseDue(owner: string, settings: NotifySettings, now = new Date()): Promise<LeasedDelivery[]> {
	const leaseUntil = new Date(now.getTime() + settings.leaseMs);
	// Sent times are taken after the platform answered; the margin keeps a slow answer inside the window.
	const windowStart = new Date(now.getTime() - settings.rateWindowMs - settings.sendTimeoutMs);
	return db().transaction(async (tx) => {
		const due = await tx
			.select({ id: noticeDeliveries.id, channel: noticeDeliveries.channel, target: noticeDeliveries.target })
			.from(noticeDeliveries)
			.where(
				and(
					eq(noticeDeliveries.status, 'pending'),
					lte(noticeDeliveries.nextAttemptAt, now),
					or(isNull(noticeDeliveries.leaseUntil), lte(noticeDeliveries.leaseUntil, now))
				)
			)
			.orderBy(asc(noticeDeliveries.id))
			.limit(settings.leaseBatch)
			.for('update', { skipLocked: true });
		if (!due.length) return [];

		const robotIds = [...new Set(due.filter((d) => d.channel === 'robot').map((d) => d.target))];
		const robots = robotIds.length
			? await tx.select({ id: notifyRobots.id, platform: notifyRobots.platform }).from(notifyRobots).where(inArray(notifyRobots.id, robotIds)).orderBy(asc(notifyRobots.id)).for('update')
			: [];
		const budget = new Map(robots.map((robot) => [robot.id, ratePerWindow[robot.platform]]));
		const freesAt = new Map<string, Date>();
		if (robots.length) {
			const spent = await tx
				.select({ target: noticeDeliveries.target, n: count(), oldest: min(noticeDeliveries.sentAt) })
				.from(noticeDeliveries)
				.where(
					and(
						eq(noticeDeliveries.channel, 'robot'),
						inArray(noticeDeliveries.target, [...budget.keys()]),
						or(
							and(eq(noticeDeliveries.status, 'sent'), gt(noticeDeliveries.sentAt, windowStart)),
							and(eq(noticeDeliveries.status, 'pending'), gt(noticeDeliveries.leaseUntil, now))
						)
					)
				)
				.groupBy(noticeDeliveries.target);
			for (const { target, n, oldest } of spent) {
				budget.set(target, (budget.get(target) ?? 0) - n);
				freesAt.set(target, oldest ? new Date(oldest.getTime() + settings.rateWindowMs + settings.sendTimeoutMs) : new Date(now.getTime() + 1000));
			}
		}

		const taken: number[] = [];
		const orphaned: number[] = [];
		const waiting = new Map<string, number[]>();
		for (const delivery of due) {
			if (delivery.channel === 'push') {
				taken.push(delivery.id);
				continue;
			}
			const left = budget.get(delivery.target);
			if (left === undefined) orphaned.push(delivery.id);
			else if (left > 0) {
				budget.set(delivery.target, left - 1);
				taken.push(delivery.id);
			} else waiting.set(delivery.target, [...(waiting.get(delivery.target) ?? []), delivery.id]);
		}
		if (orphaned.length) {
			await tx.update(noticeDeliveries).set({ status: 'failed', lastError: '群机器人已删除' }).where(inArray(noticeDeliveries.id, orphaned));
		}
		for (const [target, ids] of waiting) {
			const at = freesAt.get(target) ?? new Date(now.getTime() + 1000);
			await tx.update(noticeDeliveries).set({ nextAttemptAt: at > now ? at : new Date(now.getTime() + 1000) }).where(inArray(noticeDeliveries.id, ids));
		}
		if (!taken.length) return [];
		return tx
			.update(noticeDeliveries)
			.set({ leaseUntil, leaseOwner: owner })
			.where(inArray(noticeDeliveries.id, taken))
			.returning()
			.then((rows) => rows.sort((a, b) => a.id - b.id));
	});
}

/** The last word on a leased delivery, written only while this instance still holds its lease. */
export async function settleDelivery(
	owner: string,
	id: number,
	change: Partial<Pick<LeasedDelivery, 'status' | 'attempts' | 'nextAttemptAt' | 'lastError' | 'sentAt' | 'sentBy'>>
): Promise<void> {
	await db()
		.update(noticeDeliveries)
		.set({ ...change, leaseUntil: null, leaseOwner: null })
		.where(and(eq(noticeDeliveries.id, id), eq(noticeDeliveries.leaseOwner, owner)));
}

