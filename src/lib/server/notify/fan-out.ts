import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import { defaultQuietHours, quietUntil } from '../../domain/quiet-hours';
import { db } from '../db';
import { noticeDeliveries, notices, notifyPrefs, notifyRobots, pushSubscriptions } from '../db/schema';
import { deliveriesOf, type NoticeRow, type PlannedDelivery } from './audience';
import { partsOf } from './platforms';

type DeliveryRow = typeof noticeDeliveries.$inferInsert;

/** Notices fanned out per tick; more wait for the next one. */
const batch = 50;

/**
 * Turns recorded notices into outbox rows: one per robot message part and one per push
 * subscription of each person told. Any instance may do it; the rows' unique key keeps a notice
 * fanned out twice at the same time to one set of deliveries.
 *
 * A notice whose audience cannot be worked out (a bug, a subject since deleted) is logged and
 * set aside, so it never holds back the others.
 */
export async function fanOutNotices(origin: string, now = new Date()): Promise<number> {
	const waiting = await db().select().from(notices).where(isNull(notices.fannedOutAt)).orderBy(asc(notices.id)).limit(batch);
	for (const notice of waiting) {
		let rows: DeliveryRow[] = [];
		try {
			rows = await deliveryRows(notice, await deliveriesOf(notice, origin), now);
		} catch (caught) {
			console.error(`notifier: the audience of notice ${notice.id} (${notice.kind}) failed; it is set aside`, caught);
		}
		await db().transaction(async (tx) => {
			if (rows.length) await tx.insert(noticeDeliveries).values(rows).onConflictDoNothing();
			await tx.update(notices).set({ fannedOutAt: now }).where(and(eq(notices.id, notice.id), isNull(notices.fannedOutAt)));
		});
	}
	return waiting.length;
}

async function deliveryRows(notice: NoticeRow, planned: PlannedDelivery[], now: Date): Promise<DeliveryRow[]> {
	const robotIds = [...new Set(planned.flatMap((p) => (p.channel === 'robot' ? [p.robotId] : [])))];
	const userIds = [...new Set(planned.flatMap((p) => (p.channel === 'push' ? [p.userId] : [])))];
	const robots = robotIds.length ? await db().select({ id: notifyRobots.id, platform: notifyRobots.platform }).from(notifyRobots).where(inArray(notifyRobots.id, robotIds)) : [];
	const subscriptions = userIds.length ? await db().select({ id: pushSubscriptions.id, userId: pushSubscriptions.userId }).from(pushSubscriptions).where(inArray(pushSubscriptions.userId, userIds)) : [];
	const prefs = userIds.length ? await db().select().from(notifyPrefs).where(inArray(notifyPrefs.userId, userIds)) : [];
	const platformOf = new Map(robots.map((robot) => [robot.id, robot.platform]));
	const quietOf = new Map(prefs.map((p) => [p.userId, { enabled: p.quietEnabled, start: p.quietStart, end: p.quietEnd }]));
	const base = { noticeId: notice.id, communityId: notice.communityId, createdAt: now, nextAttemptAt: now };

	const rows: DeliveryRow[] = [];
	for (const delivery of planned) {
		if (delivery.channel === 'robot') {
			const platform = platformOf.get(delivery.robotId);
			if (!platform) continue;
			const parts = delivery.part === undefined ? partsOf(platform, delivery.message) : 1;
			for (let part = 0; part < parts; part++) {
				rows.push({ ...base, channel: 'robot', target: delivery.robotId, part: delivery.part ?? part, message: delivery.message });
			}
			continue;
		}
		const urgent = notice.urgent || delivery.message.urgent;
		const quietEnds = urgent ? null : quietUntil(quietOf.get(delivery.userId) ?? defaultQuietHours, now.getTime());
		for (const subscription of subscriptions) {
			if (subscription.userId !== delivery.userId) continue;
			rows.push({
				...base,
				channel: 'push',
				target: subscription.id,
				userId: delivery.userId,
				message: delivery.message,
				nextAttemptAt: quietEnds === null ? now : new Date(quietEnds)
			});
		}
	}
	return rows;
}
