/**
 * What browsers may send about Web Push, bounded: a subscription as `PushSubscription.toJSON()`
 * gives it, the endpoint to unsubscribe, and quiet hours.
 */
import { ECDH } from 'node:crypto';
import * as v from 'valibot';
import { minutesPerDay } from '../../domain/quiet-hours';
import { issueText } from '../input-issues';
import { refusal } from '../refusal';
import { isPushAddress } from './addresses';

export const pushLimits = { endpoint: 2048, device: 80, devicesPerUser: 10 } as const;

const base64url = v.pipe(v.string(), v.maxLength(200), v.regex(/^[A-Za-z0-9_-]+={0,2}$/, 'not base64url'));
const decoded = (text: string) => Buffer.from(text.replace(/=+$/, ''), 'base64url');

function isP256Point(bytes: Buffer): boolean {
	if (bytes.length !== 65 || bytes[0] !== 0x04) return false;
	try {
		ECDH.convertKey(bytes, 'prime256v1');
		return true;
	} catch {
		return false;
	}
}

const endpoint = v.pipe(v.string(), v.maxLength(pushLimits.endpoint, `at most ${pushLimits.endpoint} characters`));

export const subscriptionSchema = v.object({
	endpoint,
	keys: v.object({
		p256dh: v.pipe(base64url, v.check((text) => isP256Point(decoded(text)), 'not an uncompressed P-256 public key (65 bytes)')),
		auth: v.pipe(base64url, v.check((text) => decoded(text).length === 16, 'not a 16-byte secret'))
	}),
	device: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(pushLimits.device)), '')
});
export type SubscriptionInput = v.InferOutput<typeof subscriptionSchema>;

export const unsubscribeSchema = v.object({ endpoint });

const minuteOfDay = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(minutesPerDay - 1));
export const prefsSchema = v.strictObject({ quietEnabled: v.boolean(), quietStart: minuteOfDay, quietEnd: minuteOfDay });
export type PrefsInput = v.InferOutput<typeof prefsSchema>;

/** The subscription, keys normalised to unpadded base64url, or a 400 that names what is wrong. */
export function parseSubscription(input: unknown): SubscriptionInput {
	const result = v.safeParse(subscriptionSchema, input);
	if (!result.success) throw refusal(400, 'error_push_subscription_invalid', { reason: issueText(result.issues) });
	// An endpoint outside the push services would have the server call wherever a user likes.
	if (!isPushAddress(result.output.endpoint)) throw refusal(400, 'error_push_endpoint_refused');
	const { p256dh, auth } = result.output.keys;
	return { ...result.output, keys: { p256dh: p256dh.replace(/=+$/, ''), auth: auth.replace(/=+$/, '') } };
}

export function parseUnsubscribe(input: unknown): string {
	const result = v.safeParse(unsubscribeSchema, input);
	if (!result.success) throw refusal(400, 'error_push_subscription_invalid', { reason: issueText(result.issues) });
	return result.output.endpoint;
}

export function parsePrefs(input: unknown): PrefsInput {
	const result = v.safeParse(prefsSchema, input);
	if (!result.success) throw refusal(400, 'error_push_prefs_invalid', { reason: issueText(result.issues) });
	return result.output;
}
