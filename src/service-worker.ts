/// <reference types="@sveltejs/kit" />
/**
 * The service worker: a liaison in a stairwell with no signal can reload, even after closing the
 * browser, and keep marking; the marks themselves live in IndexedDB and sync by themselves.
 *
 * - App shell (build output, static files): precached per version, served from the cache.
 * - Pages, their SvelteKit data and the community's map and task list: network first with a
 *   short deadline, then the saved copy (a door grid falls back to its task page, a page with no
 *   copy redirects to the saved home page, which then says so). Only good answers are kept, all in one runtime cache per
 *   version that the page empties at sign-out.
 * - Never: live sync, sign-in and sign-out, operator endpoints, writes. See docs/offline.md.
 * - Web Push: a push shows a notification; a tap opens its page of this app (`worker-push.ts`).
 */
import { build, files, prerendered, version } from '$service-worker';
import { networkFirst } from '$lib/client/offline/network-first';
import {
	cachePrefix,
	exactKey,
	fallbackKeys,
	offlineHomePath,
	requestKind,
	runtimeCacheName,
	shellCacheName,
	storeKeys,
	warmKindOf,
	type RequestKind
} from '$lib/client/offline/offline-routes';
import { clearRuntimeCaches, keep, lookup, storedAt } from '$lib/client/offline/runtime-cache';
import { isToWorker, type FromWorker, type ToWorker } from '$lib/client/offline/worker-messages';
import type { WorkerFetchEvent, WorkerScope } from '$lib/client/offline/worker-scope';
import { handlePushes, type PushWorkerScope } from '$lib/client/notify/worker-push';

const worker = self as unknown as WorkerScope;
const shellName = shellCacheName(version);
const runtimeName = runtimeCacheName(version);
const shellPaths = [...new Set([...build, ...files, ...prerendered])];
const shell: ReadonlySet<string> = new Set(shellPaths);

handlePushes(self as unknown as PushWorkerScope, files.includes('/icon-192.png') ? '/icon-192.png' : null);

/** How long a page or its data may take before a saved copy answers instead. */
const networkTimeoutMs = 3000;
/** A warm-up skips what was stored this recently (each page load asks for one). */
const warmFreshMs = 5 * 60_000;
const warmLimit = 40;
const warmParallel = 3;

/** Bumped by every clear: an answer fetched before a sign-out is not stored after it. */
let generation = 0;

async function clearAll(): Promise<void> {
	generation++;
	await clearRuntimeCaches(worker.caches);
}

worker.addEventListener('install', (event) => {
	event.waitUntil(
		(async () => {
			const cache = await worker.caches.open(shellName);
			await cache.addAll(shellPaths);
			// One version at a time: its runtime copies only ever point at its own build files.
			await worker.skipWaiting();
		})()
	);
});

worker.addEventListener('activate', (event) => {
	event.waitUntil(
		(async () => {
			for (const name of await worker.caches.keys()) {
				if (name.startsWith(cachePrefix) && name !== shellName && name !== runtimeName) await worker.caches.delete(name);
			}
			await worker.clients.claim();
		})()
	);
});

async function fromShell(request: Request, url: URL): Promise<Response> {
	const cache = await worker.caches.open(shellName);
	return (await cache.match(url.pathname)) ?? worker.fetch(request);
}

async function fromNetworkFirst(event: WorkerFetchEvent, kind: RequestKind, url: URL): Promise<Response> {
	const started = generation;
	const cache = await worker.caches.open(runtimeName);
	const result = await networkFirst({
		network: async () => {
			const response = await worker.fetch(event.request);
			// Signed out for good: nothing kept for the last user may be shown any more.
			if (kind === 'page' && response.status === 401) event.waitUntil(clearAll());
			else if (response.status === 200) {
				const copy = response.clone();
				event.waitUntil(keep(cache, kind, storeKeys(kind, url), copy, () => started === generation).catch(() => false));
			}
			return response;
		},
		cached: async (reason) => {
			const found = await lookup(cache, fallbackKeys(kind, url));
			if (found || kind !== 'page') return found;
			// Home rather than a browser error page, once the network surely cannot answer.
			if (reason === 'timeout' && navigator.onLine) return undefined;
			return (await cache.match('/')) ? Response.redirect(new URL(offlineHomePath(url), url), 302) : undefined;
		},
		timeoutMs: networkTimeoutMs,
		keepAlive: (work) => event.waitUntil(work)
	});
	return result.source === 'none' ? Response.error() : result.response;
}

worker.addEventListener('fetch', (event) => {
	const url = new URL(event.request.url);
	const kind = requestKind({
		method: event.request.method,
		mode: event.request.mode,
		url,
		origin: worker.location.origin,
		shell
	});
	if (kind === 'bypass') return;
	event.respondWith(kind === 'shell' ? fromShell(event.request, url) : fromNetworkFirst(event, kind, url));
});

const acceptOf = { page: 'text/html', data: '*/*', api: 'application/json, application/geo+json' } as const;

/** Fetches and keeps the paths the page asked for, skipping copies stored a moment ago. */
async function warm(paths: readonly string[]): Promise<FromWorker> {
	const started = generation;
	const cache = await worker.caches.open(runtimeName);
	const stored: string[] = [];
	const fresh: string[] = [];
	const failed: string[] = [];
	const queue = paths.slice(0, warmLimit);
	const one = async (path: string) => {
		const url = new URL(path, worker.location.origin);
		const kind = warmKindOf(path);
		const existing = await cache.match(exactKey(url));
		const at = existing ? storedAt(existing) : null;
		if (at !== null && Date.now() - at < warmFreshMs) return void fresh.push(path);
		try {
			const response = await worker.fetch(url, {
				credentials: 'same-origin',
				redirect: 'manual',
				cache: 'no-cache',
				headers: { accept: acceptOf[kind] }
			});
			if (response.status === 401) {
				await clearAll();
				return void failed.push(path);
			}
			const kept = await keep(cache, kind, storeKeys(kind, url), response, () => started === generation);
			(kept ? stored : failed).push(path);
		} catch {
			failed.push(path);
		}
	};
	const lanes = Array.from({ length: warmParallel }, async () => {
		for (let path = queue.shift(); path !== undefined && started === generation; path = queue.shift()) await one(path);
	});
	await Promise.all(lanes);
	return { type: 'warmed', stored, fresh, failed };
}

worker.addEventListener('message', (event) => {
	const message = event.data;
	if (!isToWorker(message)) return;
	const [port] = event.ports;
	event.waitUntil(answer(message).then((reply) => port?.postMessage(reply)));
});

/** What the worker does for a page's message; never rejects, so the page always hears back. */
async function answer(message: ToWorker): Promise<FromWorker> {
	switch (message.type) {
		case 'clear':
			await clearAll().catch(() => {});
			return { type: 'cleared' };
		case 'claim':
			await worker.clients.claim().catch(() => {});
			return { type: 'claimed' };
		case 'warm':
			return warm(message.paths).catch(() => ({ type: 'warmed', stored: [], fresh: [], failed: message.paths }));
	}
}
