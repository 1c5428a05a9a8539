import { clearRuntimeCaches } from './runtime-cache';
import type { FromWorker, ToWorker } from './worker-messages';

/** Where SvelteKit writes the built `src/service-worker.ts`. */
export const serviceWorkerUrl = '/service-worker.js';

export function offlineSupported(): boolean {
	return typeof navigator !== 'undefined' && 'serviceWorker' in navigator && typeof caches !== 'undefined';
}

let registration: Promise<ServiceWorkerRegistration | null> | null = null;

/** Registers the worker once per page load (production builds only; the caller checks). */
export function registerServiceWorker(): Promise<ServiceWorkerRegistration | null> {
	if (!offlineSupported()) return Promise.resolve(null);
	// Without a worker the app still works online; there is nothing to tell the user.
	registration ??= navigator.serviceWorker.register(serviceWorkerUrl).catch(() => null);
	return registration;
}

/**
 * The worker controlling this page. After the first visit that is at once; on the first visit it
 * comes with `clients.claim()` on activation. A page whose load began before the worker was
 * active (a tap during the first install, a hard reload) is missed by that claim and would stay
 * uncontrolled, with nothing kept for the stairwell, until the next load: it asks the worker to
 * claim it.
 */
export function controllingWorker(): Promise<ServiceWorker> {
	const container = navigator.serviceWorker;
	if (container.controller) return Promise.resolve(container.controller);
	const controlled = new Promise<ServiceWorker>((resolve) => {
		const onChange = () => {
			if (!container.controller) return;
			container.removeEventListener('controllerchange', onChange);
			resolve(container.controller);
		};
		container.addEventListener('controllerchange', onChange);
	});
	void container.ready.then(({ active }) => {
		if (!container.controller && active) void ask(active, { type: 'claim' }, 10_000);
	});
	return controlled;
}

/** Sends `message` and waits for the reply on its own channel; null if none comes in time. */
function ask(worker: ServiceWorker, message: ToWorker, timeoutMs: number): Promise<FromWorker | null> {
	return new Promise((resolve) => {
		const channel = new MessageChannel();
		const timer = setTimeout(() => {
			channel.port1.close();
			resolve(null);
		}, timeoutMs);
		channel.port1.onmessage = (event: MessageEvent<FromWorker>) => {
			clearTimeout(timer);
			channel.port1.close();
			resolve(event.data);
		};
		worker.postMessage(message, [channel.port2]);
	});
}

/** Asks the controlling worker to keep `paths` for offline use; resolves with what it did. */
export async function warmOffline(paths: string[]): Promise<Extract<FromWorker, { type: 'warmed' }> | null> {
	const worker = await controllingWorker();
	const reply = await ask(worker, { type: 'warm', paths }, 60_000);
	return reply?.type === 'warmed' ? reply : null;
}

/**
 * Deletes the signed-in user's cached pages and data (sign-out, or a page reached signed out).
 * Through the worker, so a warm-up under way stops storing, and directly, in case no worker runs.
 */
export async function clearOfflineCaches(): Promise<void> {
	if (!offlineSupported()) return;
	const worker = navigator.serviceWorker.controller;
	if (worker) await ask(worker, { type: 'clear' }, 5_000);
	await clearRuntimeCaches(caches).catch(() => {});
}
