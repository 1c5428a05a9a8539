/**
 * A person's devices that receive Web Push, and their quiet hours. Each service takes the
 * signed-in user and checks the policy before reading the body.
 */
import { and, desc, eq, notInArray, sql } from 'drizzle-orm';
import { mayReceivePushes } from '../../domain/permissions';
import type { SessionUser } from '../auth';
import { db } from '../db';
import { notifyPrefs, pushSubscriptions } from '../db/schema';
import { principalOf } from '../guards';
import { newId } from '../ids';
import { refusal } from '../refusal';
import { parsePrefs, parseSubscription, parseUnsubscribe, pushLimits } from './push-input';

/** The signed-in user who may turn on pushes for themselves; 401 or 403 otherwise. */
export function pushUser(user: SessionUser | null | undefined): SessionUser {
	if (!user) throw refusal(401, 'error_not_signed_in');
	if (!mayReceivePushes(principalOf(user))) throw refusal(403, 'error_push_not_allowed');
	return user;
}

/**
 * Keeps a browser's subscription for the user. The same endpoint again (the keys rotated, or
 * the phone now belongs to someone else) takes the new owner and keys; past the limit the
 * user's oldest device is dropped.
 */
export async function subscribe(user: SessionUser, body: unknown): Promise<{ id: string }> {
	const input = parseSubscription(body);
	return db().transaction(async (tx) => {
		const [row] = await tx
			.insert(pushSubscriptions)
			.values({ id: newId(), userId: user.id, endpoint: input.endpoint, p256dh: input.keys.p256dh, auth: input.keys.auth, device: input.device })
			.onConflictDoUpdate({
				target: pushSubscriptions.endpoint,
				set: {
					userId: user.id,
					p256dh: input.keys.p256dh,
					auth: input.keys.auth,
					device: input.device,
					// The page registers again on every visit: only a new owner makes it a new device.
					createdAt: sql`case when ${pushSubscriptions.userId} = excluded.user_id then ${pushSubscriptions.createdAt} else now() end`,
					lastSentAt: sql`case when ${pushSubscriptions.userId} = excluded.user_id then ${pushSubscriptions.lastSentAt} else null end`
				}
			})
			.returning({ id: pushSubscriptions.id });
		const newest = tx
			.select({ id: pushSubscriptions.id })
			.from(pushSubscriptions)
			.where(eq(pushSubscriptions.userId, user.id))
			.orderBy(desc(pushSubscriptions.createdAt), desc(pushSubscriptions.id))
			.limit(pushLimits.devicesPerUser);
		await tx.delete(pushSubscriptions).where(and(eq(pushSubscriptions.userId, user.id), notInArray(pushSubscriptions.id, newest)));
		return { id: row.id };
	});
}

/** Turning off on this device: its endpoint, only among the user's own. */
export async function unsubscribe(user: SessionUser, body: unknown): Promise<void> {
	const endpoint = parseUnsubscribe(body);
	const removed = await db()
		.delete(pushSubscriptions)
		.where(and(eq(pushSubscriptions.userId, user.id), eq(pushSubscriptions.endpoint, endpoint)))
		.returning({ id: pushSubscriptions.id });
	if (removed.length === 0) throw refusal(404, 'error_push_subscription_not_found');
}

/** Removing a device from the list on the settings page. */
export async function removeDevice(user: SessionUser, id: string): Promise<void> {
	const removed = await db()
		.delete(pushSubscriptions)
		.where(and(eq(pushSubscriptions.userId, user.id), eq(pushSubscriptions.id, id.slice(0, 64))))
		.returning({ id: pushSubscriptions.id });
	if (removed.length === 0) throw refusal(404, 'error_push_subscription_not_found');
}

export async function saveQuietHours(user: SessionUser, body: unknown): Promise<void> {
	const input = parsePrefs(body);
	const values = { quietEnabled: input.quietEnabled, quietStart: input.quietStart, quietEnd: input.quietEnd, updatedAt: new Date() };
	await db()
		.insert(notifyPrefs)
		.values({ userId: user.id, ...values })
		.onConflictDoUpdate({ target: notifyPrefs.userId, set: values });
}
