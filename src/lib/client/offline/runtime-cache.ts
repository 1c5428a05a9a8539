import { isRuntimeCache, type RequestKind } from './offline-routes';

/**
 * The runtime cache: pages, their data and the community endpoints as the signed-in user got
 * them. Used by the service worker to keep and find answers and by the page to delete them.
 */

/** When a copy was stored (epoch ms), so a warm-up can skip what it fetched a moment ago. */
export const storedAtHeader = 'x-offline-stored-at';

/** Body and headers of an answer worth keeping, or null for errors, redirects and foreign answers. */
export async function keepable(kind: RequestKind, response: Response): Promise<{ body: ArrayBuffer; headers: Headers } | null> {
	if (response.status !== 200 || response.type !== 'basic' || response.redirected) return null;
	const type = response.headers.get('content-type') ?? '';
	if (kind === 'page' && !type.includes('text/html')) return null;
	const body = await response.arrayBuffer();
	// SvelteKit answers a signed-out data request with 200 and `{"type":"redirect",…}`: not data.
	if (kind === 'data' && !new TextDecoder().decode(body.slice(0, 64)).startsWith('{"type":"data"')) return null;
	const headers = new Headers(response.headers);
	// The body is stored decoded; a stale encoding or length would make the browser misread it.
	headers.delete('content-encoding');
	headers.delete('content-length');
	headers.set(storedAtHeader, String(Date.now()));
	return { body, headers };
}

/**
 * Stores a copy of `response` under each key; false when it is not worth keeping, or when
 * `stillWanted` says no by then (the user signed out while it was being read).
 */
export async function keep(
	cache: Cache,
	kind: RequestKind,
	keys: readonly string[],
	response: Response,
	stillWanted: () => boolean = () => true
): Promise<boolean> {
	const kept = await keepable(kind, response);
	if (!kept || !stillWanted()) return false;
	await Promise.all(keys.map((key) => cache.put(key, new Response(kept.body, { status: 200, headers: kept.headers }))));
	return true;
}

/** The first stored copy among `keys` (best first). */
export async function lookup(cache: Cache, keys: readonly string[]): Promise<Response | undefined> {
	for (const key of keys) {
		const found = await cache.match(key);
		if (found) return found;
	}
	return undefined;
}

export function storedAt(response: Response): number | null {
	const value = Number(response.headers.get(storedAtHeader));
	return Number.isFinite(value) && value > 0 ? value : null;
}

/** Deletes every cache that may hold a user's pages or data; the app shell (code, icons) stays. */
export async function clearRuntimeCaches(storage: CacheStorage): Promise<void> {
	const names = await storage.keys();
	await Promise.all(names.filter(isRuntimeCache).map((name) => storage.delete(name)));
}
