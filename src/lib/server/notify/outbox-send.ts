import { eq, inArray } from 'drizzle-orm';
import { db } from '../db';
import { notifyRobots, pushSubscriptions } from '../db/schema';
import type { NotifySettings } from './notify-settings';
import { settleDelivery, type LeasedDelivery } from './outbox-lease';
import { sendPush } from './push-sender';
import { sendToRobot } from './robot-sender';
import type { SendOutcome } from './send-outcome';

/** Waits between attempts: 5 s, 10 s, 20 s … (from `retryBaseMs`), at most an hour. */
export function retryDelayMs(attempts: number, baseMs = 5000): number {
	return Math.min(baseMs * 2 ** Math.min(Math.max(attempts - 1, 0), 20), 3_600_000);
}

/** How many deliveries of one instance are in flight at once. */
const parallel = 4;

/**
 * Sends leased deliveries and records each outcome. One robot's messages go out in order, one at
 * a time; different robots and pushes in parallel. A failure is recorded with the platform's
 * words and retried later; it never stops the other deliveries.
 */
export async function sendLeased(owner: string, leased: LeasedDelivery[], settings: NotifySettings): Promise<void> {
	const robotIds = [...new Set(leased.filter((d) => d.channel === 'robot').map((d) => d.target))];
	const subscriptionIds = [...new Set(leased.filter((d) => d.channel === 'push').map((d) => d.target))];
	const robots = new Map((robotIds.length ? await db().select().from(notifyRobots).where(inArray(notifyRobots.id, robotIds)) : []).map((r) => [r.id, r]));
	const subscriptions = new Map(
		(subscriptionIds.length ? await db().select().from(pushSubscriptions).where(inArray(pushSubscriptions.id, subscriptionIds)) : []).map((s) => [s.id, s])
	);

	const queues = new Map<string, LeasedDelivery[]>();
	for (const delivery of leased) {
		const key = `${delivery.channel}:${delivery.target}`;
		queues.set(key, [...(queues.get(key) ?? []), delivery]);
	}
	const lanes = [...queues.values()];
	const worker = async () => {
		for (let lane = lanes.shift(); lane; lane = lanes.shift()) {
			for (const delivery of lane) {
				const outcome = await attempt(delivery, robots, subscriptions, settings);
				await record(owner, delivery, outcome, settings);
			}
		}
	};
	await Promise.all(Array.from({ length: Math.min(parallel, lanes.length) }, worker));
}

async function attempt(
	delivery: LeasedDelivery,
	robots: Map<string, typeof notifyRobots.$inferSelect>,
	subscriptions: Map<string, typeof pushSubscriptions.$inferSelect>,
	settings: NotifySettings
): Promise<SendOutcome> {
	const message = delivery.message;
	if (delivery.channel === 'robot') {
		const robot = robots.get(delivery.target);
		if (!robot) return { ok: false, retry: false, error: '群机器人已删除' };
		if (message.kind !== 'robot') return { ok: false, retry: false, error: 'not a group message' };
		return sendToRobot(robot, message, delivery.part, settings.sendTimeoutMs);
	}
	const subscription = subscriptions.get(delivery.target);
	if (!subscription) return { ok: false, retry: false, error: '此设备已关闭通知' };
	if (message.kind !== 'push') return { ok: false, retry: false, error: 'not a push message' };
	return sendPush(subscription, message, settings.sendTimeoutMs);
}

async function record(owner: string, delivery: LeasedDelivery, outcome: SendOutcome, settings: NotifySettings): Promise<void> {
	const now = Date.now();
	if (outcome.ok) {
		await settleDelivery(owner, delivery.id, { status: 'sent', sentAt: new Date(now), sentBy: owner, attempts: delivery.attempts + 1, lastError: null });
		if (delivery.channel === 'push') await db().update(pushSubscriptions).set({ lastSentAt: new Date(now) }).where(eq(pushSubscriptions.id, delivery.target));
		return;
	}
	if (outcome.gone) await db().delete(pushSubscriptions).where(eq(pushSubscriptions.id, delivery.target));
	// A full rate window is the platform asking to wait, not a failed attempt.
	const attempts = outcome.rateLimited ? delivery.attempts : delivery.attempts + 1;
	const givesUp = !outcome.retry || attempts >= settings.maxAttempts;
	const wait = outcome.retryAfterMs ?? (outcome.rateLimited ? settings.rateWindowMs : retryDelayMs(attempts, settings.retryBaseMs));
	await settleDelivery(owner, delivery.id, {
		status: givesUp ? 'failed' : 'pending',
		attempts,
		lastError: outcome.error,
		nextAttemptAt: new Date(now + wait)
	});
}
