/**
 * "Send a test notification": the person checks that pushes reach their devices now, whatever
 * the hour (quiet hours are for notices, not for a test they asked for).
 */
import { eq } from 'drizzle-orm';
import * as v from 'valibot';
import type { SessionUser } from '../auth';
import { db } from '../db';
import { pushSubscriptions } from '../db/schema';
import * as m from '../../paraglide/messages';
import { issueText } from '../input-issues';
import { refusal } from '../refusal';
import { readNotifySettings } from './notify-settings';
import { sendPush } from './push-sender';

const testIntervalMs = 10_000;
/** Per instance: a person tapping the button repeatedly, not an attack across instances. */
const lastTest = new Map<string, number>();

const bodySchema = v.strictObject({ id: v.optional(v.pipe(v.string(), v.maxLength(64))) });

export type TestPushResult = { sent: number; failed: { id: string; device: string; error: string }[] };

export async function sendTestPush(user: SessionUser, body: unknown, origin: string): Promise<TestPushResult> {
	const input = v.safeParse(bodySchema, body);
	if (!input.success) throw refusal(400, 'error_push_subscription_invalid', { reason: issueText(input.issues) });
	const now = Date.now();
	if (now - (lastTest.get(user.id) ?? 0) < testIntervalMs) throw refusal(429, 'error_push_test_too_soon');
	const devices = (await db().select().from(pushSubscriptions).where(eq(pushSubscriptions.userId, user.id))).filter((device) => !input.output.id || device.id === input.output.id);
	if (devices.length === 0) throw refusal(409, 'error_push_no_devices');
	lastTest.set(user.id, now);
	for (const [id, at] of lastTest) if (now - at >= testIntervalMs) lastTest.delete(id);

	const message = { kind: 'push', title: m.push_test_title(), body: m.push_test_body(), url: `${origin}/notifications`, tag: 'push-test', urgent: false } as const;
	const { sendTimeoutMs } = readNotifySettings();
	const outcomes = await Promise.all(devices.map(async (device) => ({ device, outcome: await sendPush(device, message, sendTimeoutMs) })));
	const result: TestPushResult = { sent: 0, failed: [] };
	for (const { device, outcome } of outcomes) {
		if (outcome.ok) {
			result.sent++;
			await db().update(pushSubscriptions).set({ lastSentAt: new Date() }).where(eq(pushSubscriptions.id, device.id));
			continue;
		}
		// As the notifier does: the push service says this subscription no longer exists.
		if (outcome.gone) await db().delete(pushSubscriptions).where(eq(pushSubscriptions.id, device.id));
		result.failed.push({ id: device.id, device: device.device, error: outcome.error });
	}
	return result;
}
