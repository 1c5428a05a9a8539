/**
 * Sends one Web Push: web-push encrypts the message for the browser (aes128gcm) and signs the
 * VAPID header; we send the request ourselves, to an allowed push service only, without
 * following redirects, within the notifier's deadline.
 */
import { createHash } from 'node:crypto';
import webpush from 'web-push';
import type { PushMessage } from '../../domain/notice-messages';
import type { pushSubscriptions } from '../db/schema';
import { isPushAddress } from './addresses';
import type { SendOutcome } from './send-outcome';
import { vapidKeys, vapidSubject } from './vapid';

export type PushSubscriptionRow = typeof pushSubscriptions.$inferSelect;

/** A push that waits longer than this at the push service is stale: the phone was off half a day. */
export const pushTtlSeconds = 12 * 60 * 60;
/** Push services take about 4 KB; the encryption adds a little, so the JSON stays well under. */
export const payloadLimitBytes = 3000;
const maxRetryAfterMs = 60 * 60_000;

const bytesOf = (text: string) => Buffer.byteLength(text, 'utf8');

/** The JSON the service worker reads (`push-payload.ts`); the body is shortened to fit the limit. */
export function pushPayload(message: PushMessage): string {
	const fields = { title: [...message.title].slice(0, 100).join(''), body: message.body, url: message.url, tag: message.tag.slice(0, 200), urgent: message.urgent };
	const whole = JSON.stringify(fields);
	if (bytesOf(whole) <= payloadLimitBytes) return whole;
	// The longest start of the body (whole characters) that fits with an ellipsis.
	const chars = [...fields.body];
	const withBody = (count: number) => JSON.stringify({ ...fields, body: `${chars.slice(0, count).join('')}…` });
	let [fits, tooLong] = [0, chars.length];
	while (tooLong - fits > 1) {
		const middle = Math.floor((fits + tooLong) / 2);
		if (bytesOf(withBody(middle)) <= payloadLimitBytes) fits = middle;
		else tooLong = middle;
	}
	return withBody(fits);
}

/**
 * The Topic header (a later push with the same topic replaces one not yet delivered): the tag
 * when it is already a valid topic (base64url, at most 32 characters), else a digest of it.
 */
export function pushTopic(tag: string): string | undefined {
	if (!tag) return undefined;
	if (/^[A-Za-z0-9_-]{1,32}$/.test(tag)) return tag;
	return createHash('sha256').update(tag).digest('base64url').slice(0, 32);
}

/** Retry-After in seconds or as an HTTP date, bounded to an hour. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
	if (!header) return undefined;
	const seconds = Number(header.trim());
	const ms = Number.isFinite(seconds) && header.trim() !== '' ? seconds * 1000 : Date.parse(header) - now;
	return Number.isFinite(ms) && ms >= 0 ? Math.min(ms, maxRetryAfterMs) : undefined;
}

function outcomeOf(status: number, detail: string, retryAfter: string | null): SendOutcome {
	if (status >= 200 && status < 300) return { ok: true };
	const error = `push service answered ${status}${detail ? `: ${detail}` : ''}`;
	if (status === 404 || status === 410) return { ok: false, retry: false, gone: true, error };
	if (status === 429 || status >= 500) return { ok: false, retry: true, error, retryAfterMs: retryAfterMs(retryAfter) };
	return { ok: false, retry: false, error };
}

/** Sends one encrypted Web Push. */
export async function sendPush(subscription: PushSubscriptionRow, message: PushMessage, timeoutMs: number): Promise<SendOutcome> {
	if (!isPushAddress(subscription.endpoint)) return { ok: false, retry: false, error: 'push endpoint is not an allowed push service' };
	const keys = await vapidKeys();
	let request: webpush.RequestDetails;
	try {
		request = webpush.generateRequestDetails(
			{ endpoint: subscription.endpoint, keys: { p256dh: subscription.p256dh, auth: subscription.auth } },
			pushPayload(message),
			{
				TTL: pushTtlSeconds,
				urgency: message.urgent ? 'high' : 'normal',
				topic: pushTopic(message.tag),
				contentEncoding: 'aes128gcm',
				vapidDetails: { subject: vapidSubject(), publicKey: keys.publicKey, privateKey: keys.privateKey }
			}
		);
	} catch (caught) {
		// Keys a browser would never make: this subscription cannot receive anything.
		return { ok: false, retry: false, gone: true, error: `cannot encrypt for this subscription: ${(caught as Error).message}` };
	}
	try {
		const response = await fetch(request.endpoint, {
			method: 'POST',
			headers: request.headers as Record<string, string>,
			body: new Uint8Array(request.body ?? []),
			redirect: 'manual',
			signal: AbortSignal.timeout(timeoutMs)
		});
		const detail = (await response.text().catch(() => '')).slice(0, 200).trim();
		return outcomeOf(response.status, detail, response.headers.get('retry-after'));
	} catch (caught) {
		const timedOut = (caught as Error).name === 'TimeoutError';
		return { ok: false, retry: true, error: timedOut ? `push service did not answer within ${timeoutMs} ms` : `push service unreachable: ${(caught as Error).message}` };
	}
}
