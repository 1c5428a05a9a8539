/**
 * What a push carries to the service worker (`push-sender.ts` writes it) and what the worker
 * shows. Pure, so it is tested beside; the payload comes from a push service and is checked like
 * any other input: a tap may only ever open a page of this app.
 */
import * as v from 'valibot';

const payloadSchema = v.object({
	title: v.pipe(v.string(), v.maxLength(200)),
	body: v.optional(v.pipe(v.string(), v.maxLength(4000)), ''),
	url: v.optional(v.pipe(v.string(), v.maxLength(2048)), '/'),
	tag: v.optional(v.pipe(v.string(), v.maxLength(200)), ''),
	urgent: v.optional(v.boolean(), false)
});
export type PushPayload = v.InferOutput<typeof payloadSchema>;

/** The payload, or null for anything else (not JSON, wrong shape, too long). */
export function parsePushPayload(text: string | null | undefined): PushPayload | null {
	if (!text || text.length > 8000) return null;
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch {
		return null;
	}
	const result = v.safeParse(payloadSchema, value);
	return result.success ? result.output : null;
}

/** `url` as an address of this app (relative ones resolved against it); another site's becomes the home page. */
export function sameOriginUrl(url: unknown, origin: string): string {
	const home = new URL('/', origin).href;
	if (typeof url !== 'string') return home;
	try {
		const resolved = new URL(url, origin);
		return resolved.origin === new URL(origin).origin ? resolved.href : home;
	} catch {
		return home;
	}
}

export type ShownNotification = { title: string; options: NotificationOptions & { renotify?: boolean } };

/**
 * The notification for a payload; a push that is not ours still shows something (browsers
 * penalise a push that shows nothing), pointing to the notifications page.
 */
export function notificationOf(payload: PushPayload | null, origin: string, icon: string | null): ShownNotification {
	const shown = payload ?? { title: '网格通', body: '有新的提醒，点开查看。', url: '/notifications', tag: '', urgent: false };
	const options: ShownNotification['options'] = {
		body: shown.body,
		data: { url: sameOriginUrl(shown.url, origin) },
		requireInteraction: shown.urgent
	};
	if (shown.tag) Object.assign(options, { tag: shown.tag, renotify: true });
	if (icon) options.icon = icon;
	return { title: shown.title || '网格通', options };
}
