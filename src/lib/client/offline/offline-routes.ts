/**
 * Which requests the service worker answers and under which cache keys, as pure functions so
 * the worker and the page agree and unit tests can pin the rules down. Everything here works on
 * same-origin paths (`/tasks/x?b=1`), never on full URLs.
 */

/** How the worker treats a request. `bypass`: not answered at all, the browser goes to the network. */
export type RequestKind = 'shell' | 'page' | 'data' | 'api' | 'bypass';

/** Never answered from a cache: live sync, signing in and out, and operator endpoints. */
const neverCached = ['/sync', '/login', '/logout', '/healthz', '/metrics'];

/** The community endpoints a liaison needs offline: the map GeoJSON and the task list. */
const cachedApi = /^\/api\/communities\/[^/]+\/(map|tasks)$/;

const dataSuffix = '/__data.json';
/** Query parameters SvelteKit adds to its data requests. */
const invalidatedParam = 'x-sveltekit-invalidated';
const trailingSlashParam = 'x-sveltekit-trailing-slash';
/** The door grid's building: the page's load never reads it, so it never changes what the server sends. */
export const buildingParam = 'b';
/** On the saved home page, the page asked for that had no saved copy (the page says so). */
export const offlineFromParam = 'offline-from';

/** Prefix of every cache this app creates, and the names of this version's caches. */
export const cachePrefix = 'grid-dispatch-';
export const shellCacheName = (version: string) => `${cachePrefix}shell-${version}`;
export const runtimeCacheName = (version: string) => `${cachePrefix}runtime-${version}`;
/** Caches that may hold a user's pages and data (everything but the app shell). */
export const isRuntimeCache = (name: string) => name.startsWith(`${cachePrefix}runtime-`);

export function isNeverCached(pathname: string): boolean {
	return neverCached.some((path) => pathname === path || pathname.startsWith(`${path}/`));
}

export type RequestFacts = {
	method: string;
	/** `navigate` for a page load. */
	mode: string;
	url: URL;
	/** The worker's own origin. */
	origin: string;
	/** Paths of the precached app shell (build output and static files). */
	shell: ReadonlySet<string>;
};

export function requestKind({ method, mode, url, origin, shell }: RequestFacts): RequestKind {
	if (method !== 'GET' || url.origin !== origin) return 'bypass';
	if (isNeverCached(url.pathname)) return 'bypass';
	if (shell.has(url.pathname)) return 'shell';
	if (mode === 'navigate') return 'page';
	if (url.pathname.endsWith(dataSuffix)) return 'data';
	if (cachedApi.test(url.pathname)) return 'api';
	// Runtime public settings (`$env/dynamic/public`) live next to the build output.
	if (url.pathname === '/_app/env.js') return 'api';
	return 'bypass';
}

function pathWithout(url: URL, names: readonly string[]): string {
	const search = new URLSearchParams(url.search);
	for (const name of names) search.delete(name);
	const query = search.toString();
	return url.pathname + (query ? `?${query}` : '');
}

/** The key a response is stored under: its path and query. */
export function exactKey(url: URL): string {
	return url.pathname + url.search;
}

/**
 * Keys to look up, best first, when the network cannot answer. A door grid (`?b=`) falls back to
 * its task page; a data request falls back to the full data of its page (a partial answer, with
 * nodes the client already had left out, is only good for the exact same request).
 */
export function fallbackKeys(kind: RequestKind, url: URL): string[] {
	const keys = [exactKey(url)];
	if (kind === 'page') keys.push(pathWithout(url, [buildingParam, offlineFromParam]));
	if (kind === 'data') keys.push(pathWithout(url, [buildingParam, invalidatedParam, trailingSlashParam]));
	return [...new Set(keys)];
}

/**
 * Keys a good response is stored under. A data answer with every node (none left out for the
 * client to reuse) is also stored as the full data of its page, for `fallbackKeys`.
 */
export function storeKeys(kind: RequestKind, url: URL): string[] {
	const keys = [exactKey(url)];
	if (kind === 'data') {
		const invalidated = url.searchParams.get(invalidatedParam);
		if (invalidated === null || /^1*$/.test(invalidated)) {
			keys.push(pathWithout(url, [buildingParam, invalidatedParam, trailingSlashParam]));
		}
	}
	return [...new Set(keys)];
}

/** The kind of a path the page asks the worker to keep ready (as if the browser had requested it). */
export function warmKindOf(path: string): Exclude<RequestKind, 'shell' | 'bypass'> {
	const { pathname } = new URL(path, 'http://x');
	if (pathname.endsWith(dataSuffix)) return 'data';
	if (cachedApi.test(pathname)) return 'api';
	return 'page';
}

/**
 * Where a page with no saved copy sends the browser when there is no signal: the saved home
 * page, told which page was asked for. A redirect, so the address and the page's route agree
 * (SvelteKit hydrates by the address; home's markup at another address does not hydrate).
 */
export function offlineHomePath(url: URL): string {
	return `/?${new URLSearchParams({ [offlineFromParam]: exactKey(url) })}`;
}

/** The page to offer again from the saved home page: a same-origin path, else null. */
export function offlineFromOf(url: URL): string | null {
	const from = url.searchParams.get(offlineFromParam);
	return from && from.startsWith('/') && !from.startsWith('//') && !from.startsWith('/\\') ? from : null;
}

/** SvelteKit's data URL of a page path: `/` → `/__data.json`, `/tasks?x=1` → `/tasks/__data.json?x=1`. */
export function dataPathOf(path: string): string {
	const url = new URL(path, 'http://x');
	return url.pathname.replace(/\/$/, '') + dataSuffix + url.search;
}

export type WarmInput = {
	/** The page being shown, path and query. */
	current: string;
	/** The live community of the user, when they have one. */
	communityId: string | null;
	/** Open tasks to keep ready offline (their pages and data). */
	taskIds?: readonly string[];
};

/**
 * What to keep ready for a reload with no signal: the page being shown, home, the task list,
 * the map, the task pages, each with its data, and the community's map and task list.
 */
export function warmPaths({ current, communityId, taskIds = [] }: WarmInput): string[] {
	const currentUrl = new URL(current, 'http://x');
	// A door grid reloads from its task page's copy: one copy per task, not one per building.
	const pages = [pathWithout(currentUrl, [buildingParam, offlineFromParam])];
	if (!communityId) pages.push('/');
	else {
		pages.push('/', '/tasks', '/map', ...taskIds.map((id) => `/tasks/${encodeURIComponent(id)}`));
	}
	const uniquePages = [...new Set(pages)].filter((path) => !isNeverCached(new URL(path, 'http://x').pathname));
	// The pages are already without the door grid's `b`, which never reaches the server's load.
	const data = uniquePages.map(dataPathOf);
	const api = communityId
		? [`/api/communities/${encodeURIComponent(communityId)}/map`, `/api/communities/${encodeURIComponent(communityId)}/tasks`]
		: [];
	return [...uniquePages, ...new Set(data), ...api];
}
