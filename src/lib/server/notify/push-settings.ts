import { desc, eq } from 'drizzle-orm';
import type { PushSettingsView } from '../../domain/notify-view';
import { defaultQuietHours, type QuietHours } from '../../domain/quiet-hours';
import { db } from '../db';
import { notifyPrefs, pushSubscriptions } from '../db/schema';
import { vapidPublicKey } from './vapid';

/** A person's quiet hours; the defaults (22:30–07:00) until they change them. */
export async function quietHoursOf(userId: string): Promise<QuietHours> {
	const [prefs] = await db().select().from(notifyPrefs).where(eq(notifyPrefs.userId, userId));
	return prefs ? { enabled: prefs.quietEnabled, start: prefs.quietStart, end: prefs.quietEnd } : defaultQuietHours;
}

/** The viewer's push settings for the notifications page: the VAPID public key, never the private one. */
export async function pushSettingsOf(userId: string): Promise<PushSettingsView> {
	const devices = await db()
		.select({ id: pushSubscriptions.id, device: pushSubscriptions.device, createdAt: pushSubscriptions.createdAt })
		.from(pushSubscriptions)
		.where(eq(pushSubscriptions.userId, userId))
		.orderBy(desc(pushSubscriptions.createdAt));
	return {
		publicKey: await vapidPublicKey(),
		quiet: await quietHoursOf(userId),
		devices: devices.map((device) => ({ ...device, createdAt: device.createdAt.getTime() }))
	};
}
