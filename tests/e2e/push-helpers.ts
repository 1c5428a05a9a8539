import type { BrowserContext, Page } from '@playwright/test';
import type { BrowserKeys } from '../fixtures/fake-push-service';

/**
 * The only stand-in: headless Chromium here has no push service (Google's FCM needs the
 * internet), so `pushManager.subscribe` answers with a subscription on a loopback push service
 * this test runs, with keys the test made, as Chromium would with FCM's endpoint and its own keys.
 * Everything else (the page, the server, web-push's encryption and VAPID, the service worker and
 * the notification) is the real thing.
 */
export async function standInForThePushService(context: BrowserContext, endpoint: string, keys: BrowserKeys) {
	await context.addInitScript(
		({ endpoint, p256dh, auth }) => {
			const stored = 'e2e-push-stand-in';
			const bytes = (base64url: string) => Uint8Array.from(atob(base64url.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0)).buffer;
			const base64url = (buffer: ArrayBuffer) => btoa(String.fromCharCode(...new Uint8Array(buffer))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
			const subscription = (serverKey: string) => ({
				endpoint,
				expirationTime: null,
				options: { userVisibleOnly: true, applicationServerKey: bytes(serverKey) },
				getKey: (name: string) => bytes(name === 'p256dh' ? p256dh : auth),
				toJSON: () => ({ endpoint, expirationTime: null, keys: { p256dh, auth } }),
				unsubscribe: async () => (localStorage.removeItem(stored), true)
			});
			PushManager.prototype.subscribe = async function (options?: PushSubscriptionOptionsInit) {
				const key = options?.applicationServerKey;
				const serverKey = base64url(key instanceof ArrayBuffer ? key : new Uint8Array(key as Uint8Array).slice().buffer);
				localStorage.setItem(stored, serverKey);
				return subscription(serverKey) as unknown as PushSubscription;
			};
			PushManager.prototype.getSubscription = async function () {
				const serverKey = localStorage.getItem(stored);
				return (serverKey ? subscription(serverKey) : null) as unknown as PushSubscription;
			};
		},
		{ endpoint, p256dh: keys.p256dh, auth: keys.auth }
	);
}

/** Hands a push to the app's service worker as the browser does when its push service delivers one (DevTools Protocol). */
async function deliverPushOnce(context: BrowserContext, page: Page, origin: string, data: string): Promise<void> {
	const cdp = await context.newCDPSession(page);
	const registrations = new Map<string, { registrationId: string; scopeURL: string; isDeleted: boolean }>();
	cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations: updated }) => {
		for (const registration of updated) registrations.set(registration.registrationId, registration);
	});
	await cdp.send('ServiceWorker.enable');
	const registrationId = () => [...registrations.values()].find((r) => !r.isDeleted && r.scopeURL === `${origin}/`)?.registrationId;
	const deadline = Date.now() + 15_000;
	while (!registrationId()) {
		if (Date.now() > deadline) throw new Error(`no service worker registration for ${origin}/`);
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
	await cdp.send('ServiceWorker.deliverPushMessage', { origin, registrationId: registrationId()!, data });
	await cdp.detach();
}

/** How long one delivery may take to show before the push is handed over again. */
const redeliverAfterMs = 6_000;
const deliveries = 4;

/**
 * Delivers a push and waits until the service worker shows a notification with `tag`, handing it
 * over again if none shows. A push service redelivers until the browser acknowledges a message;
 * DevTools' delivery has no acknowledgement and drops a push silently when the worker is still
 * activating or fails to start in time (it did so once on a loaded two-core CI machine). The same
 * tag replaces a shown notification, so a second delivery never shows two.
 * Fails when no delivery shows anything.
 */
export async function deliverPushUntilShown(context: BrowserContext, page: Page, origin: string, data: string, tag: string): Promise<void> {
	await page.waitForFunction(async () => (await navigator.serviceWorker.ready).active?.state === 'activated', undefined, { timeout: 20_000 });
	for (let attempt = 1; attempt <= deliveries; attempt++) {
		await deliverPushOnce(context, page, origin, data);
		const deadline = Date.now() + redeliverAfterMs;
		while (Date.now() < deadline) {
			if ((await shownNotifications(page)).some((n) => n.tag === tag)) return;
			await new Promise((resolve) => setTimeout(resolve, 200));
		}
	}
	throw new Error(`no notification tagged ${tag} after ${deliveries} deliveries of ${redeliverAfterMs / 1000} s each`);
}

/** The notifications the app's service worker shows now. */
export const shownNotifications = (page: Page) =>
	page.evaluate(async () => {
		const registration = await navigator.serviceWorker.ready;
		return (await registration.getNotifications()).map((n) => ({ title: n.title, body: n.body, tag: n.tag, data: n.data as unknown, requireInteraction: n.requireInteraction }));
	});
