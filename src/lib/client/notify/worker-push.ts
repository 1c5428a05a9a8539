/**
 * The service worker's part of Web Push: a push shows a notification, a tap on it brings the app
 * to the page it is about (an open tab first, else a new window).
 */
import type { WorkerExtendableEvent } from '../offline/worker-scope';
import { notificationOf, parsePushPayload, sameOriginUrl } from './push-payload';

interface PushEvent extends WorkerExtendableEvent {
	readonly data: { text(): string } | null;
}

interface NotificationEvent extends WorkerExtendableEvent {
	readonly notification: Notification;
}

interface WindowClient {
	readonly url: string;
	focus(): Promise<WindowClient>;
	navigate(url: string): Promise<WindowClient | null>;
}

export interface PushWorkerScope {
	readonly location: { readonly origin: string };
	readonly registration: ServiceWorkerRegistration;
	readonly clients: {
		matchAll(options: { type: 'window'; includeUncontrolled: boolean }): Promise<readonly WindowClient[]>;
		openWindow(url: string): Promise<WindowClient | null>;
	};
	addEventListener(type: 'push', listener: (event: PushEvent) => void): void;
	addEventListener(type: 'notificationclick', listener: (event: NotificationEvent) => void): void;
}

function payloadText(event: PushEvent): string | null {
	try {
		return event.data?.text() ?? null;
	} catch {
		return null;
	}
}

async function openPage(worker: PushWorkerScope, url: string): Promise<void> {
	const tabs = await worker.clients.matchAll({ type: 'window', includeUncontrolled: true });
	const tab = tabs.find((client) => new URL(client.url).origin === worker.location.origin);
	if (!tab) {
		await worker.clients.openWindow(url);
		return;
	}
	const focused = await tab.focus();
	if (focused.url !== url) await focused.navigate(url).catch(() => worker.clients.openWindow(url));
}

/** `icon`: the app's icon among the static files, if there is one. */
export function handlePushes(worker: PushWorkerScope, icon: string | null): void {
	worker.addEventListener('push', (event) => {
		const { title, options } = notificationOf(parsePushPayload(payloadText(event)), worker.location.origin, icon);
		event.waitUntil(worker.registration.showNotification(title, options));
	});

	worker.addEventListener('notificationclick', (event) => {
		event.notification.close();
		const url = sameOriginUrl((event.notification.data as { url?: unknown } | null)?.url, worker.location.origin);
		event.waitUntil(openPage(worker, url));
	});
}
