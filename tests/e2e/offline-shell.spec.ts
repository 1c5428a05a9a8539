import type { BrowserContext, ConsoleMessage, Page } from '@playwright/test';
import type {} from '../../src/lib/client/map/test-hook';
import type {} from '../../src/lib/client/offline/offline-shell';
import type {} from '../../src/lib/client/sync/test-hook';
import { expect, signIn, test } from './fixtures';

/**
 * The service worker: a liaison who opened the app once online reloads a door grid in a
 * stairwell with no signal (the page comes from the cache, the marks from IndexedDB), keeps
 * marking, reloads again, and everything reaches the chief once, when the signal is back.
 * The map data is served offline too, and signing out leaves no saved page behind.
 */

type Structure = {
	grids: { id: string; chiefIds: string[] }[];
	microGrids: { id: string; gridId: string; liaisonIds: string[] }[];
	buildings: { id: string; gridId: string | null; microGridId: string | null }[];
};
type Me = { id: string; memberships: { communityId: string | null }[] };
type TaskFigures = { buildings: { buildingId: string; visited: number }[] };

const phone = { width: 390, height: 844 };

/** Errors a page without network logs by design: failed requests the worker does not answer, the sync socket. */
const offlineNoise = [/ERR_INTERNET_DISCONNECTED/, /WebSocket connection to .* failed/];

/** Collects console errors and uncaught exceptions of a second context; offline noise is left out. */
function watchErrors(context: BrowserContext, errors: string[]) {
	context.on('console', (message: ConsoleMessage) => {
		if (message.type() !== 'error' || offlineNoise.some((noise) => noise.test(message.text()))) return;
		errors.push(`[${message.page()?.url() ?? 'worker'}] console.error: ${message.text()}`);
	});
	context.on('weberror', (webError) => errors.push(`pageerror: ${webError.error().stack ?? webError.error().message}`));
}

async function getJson<T>(page: Page, path: string): Promise<T> {
	const response = await page.request.get(path);
	expect(response.ok(), `GET ${path}`).toBe(true);
	return (await response.json()) as T;
}

const waitForLiveDocument = (page: Page) => page.waitForFunction(() => window.gridDispatchLive !== undefined);
const livePending = (page: Page) => page.evaluate(() => window.gridDispatchLive?.status.pending);

/** Waits until the service worker controls the page and has stored what this page load asked for. */
async function offlineReady(page: Page) {
	await page.waitForFunction(() => !!navigator.serviceWorker?.controller && window.gridDispatchOffline !== undefined, undefined, {
		timeout: 20_000
	});
	await page.evaluate(() => window.gridDispatchOffline!.ready);
}

/** Paths (with query) of every entry of this app's runtime caches. */
const savedPaths = (page: Page) =>
	page.evaluate(async () => {
		const paths: string[] = [];
		for (const name of await caches.keys()) {
			if (!name.startsWith('grid-dispatch-runtime-')) continue;
			const cache = await caches.open(name);
			for (const request of await cache.keys()) {
				const url = new URL(request.url);
				paths.push(url.pathname + url.search);
			}
		}
		return paths;
	});

/** Every entry of every cache of the origin, whatever its name. */
const everyCachedPath = (page: Page) =>
	page.evaluate(async () => {
		const paths: string[] = [];
		for (const name of await caches.keys()) {
			for (const request of await (await caches.open(name)).keys()) paths.push(new URL(request.url).pathname);
		}
		return paths;
	});

/** A check for liaison01's micro-grid dispatched by chief1 through the live document. */
async function dispatch(chief: Page, chiefId: string, scope: string[]): Promise<string> {
	const taskId = `t${Array.from({ length: 16 }, () => Math.floor(Math.random() * 16).toString(16)).join('')}`;
	await chief.evaluate(
		({ taskId, chiefId, scope }) => {
			const { doc, Y } = window.gridDispatchLive!;
			doc.transact(() => {
				const task = new Y.Map<unknown>();
				doc.getMap('tasks').set(taskId, task);
				const now = Date.now();
				task.set('title', '楼道消防通道排查');
				task.set('kind', 'check');
				task.set('instructions', '');
				task.set('createdBy', chiefId);
				task.set('createdAt', now);
				task.set('dueAt', now + 6 * 60 * 60 * 1000);
				task.set('status', 'open');
				task.set('round', 1);
				task.set('roundOf', null);
				const scopeList = new Y.Array<string>();
				task.set('scope', scopeList);
				scopeList.push(scope);
				task.set('acks', new Y.Map());
				task.set('reminders', new Y.Array());
				task.set('notes', new Y.Array());
				const progress = new Y.Map<unknown>();
				task.set('progress', progress);
				for (const buildingId of scope) progress.set(buildingId, new Y.Map());
			});
		},
		{ taskId, chiefId, scope }
	);
	await expect.poll(() => livePending(chief), { message: "the chief's task is stored" }).toBe(0);
	return taskId;
}

/** The marks chief1's live copy holds for one building: code → [status, by]. */
const chiefMarks = (chief: Page, taskId: string, buildingId: string) =>
	chief.evaluate(
		({ taskId, buildingId }) => {
			const task = window.gridDispatchLive?.doc.getMap<import('yjs').Map<unknown>>('tasks').get(taskId);
			const building = (task?.get('progress') as import('yjs').Map<import('yjs').Map<{ s: string; by: string }>> | undefined)?.get(
				buildingId
			);
			return Object.fromEntries([...(building?.entries() ?? [])].map(([code, mark]) => [code, [mark.s, mark.by]]));
		},
		{ taskId, buildingId }
	);

test('a liaison reloads a door grid with no signal, keeps marking, and the chief gets each mark once', async ({
	page: chief,
	browser,
	pageErrors
}) => {
	test.setTimeout(120_000);
	await signIn(chief, 'chief1');
	await waitForLiveDocument(chief);
	const chiefMe = await getJson<Me>(chief, '/api/me');
	const communityId = chiefMe.memberships.find((m) => m.communityId)!.communityId!;
	const structure = await getJson<Structure>(chief, `/api/communities/${communityId}/structure`);

	const context = await browser.newContext({ viewport: phone });
	watchErrors(context, pageErrors);
	const liaison = await context.newPage();
	await signIn(liaison, 'liaison01');
	await waitForLiveDocument(liaison);
	const liaisonMe = await getJson<Me>(liaison, '/api/me');
	const microGrid = structure.microGrids.find((mg) => mg.liaisonIds.includes(liaisonMe.id))!;
	const scope = structure.buildings.filter((b) => b.microGridId === microGrid.id).map((b) => b.id);
	const buildingId = scope[0];
	const taskId = await dispatch(chief, chiefMe.id, scope);
	await expect.poll(() => liaison.evaluate((id) => window.gridDispatchLive?.doc.getMap('tasks').has(id), taskId)).toBe(true);

	// Online: home, the task list and the task page, each a full page load, then a door grid.
	await offlineReady(liaison);
	await liaison.goto('/tasks');
	await offlineReady(liaison);
	await liaison.goto(`/tasks/${taskId}`);
	await offlineReady(liaison);
	await liaison.getByTestId(`open-building-${buildingId}`).click();
	await expect(liaison).toHaveURL(new RegExp(`/tasks/${taskId}\\?b=${buildingId}$`));
	const grid = liaison.getByTestId('door-grid');
	await expect(grid).toBeVisible();
	await expect
		.poll(() => savedPaths(liaison), { message: 'pages, their data and the community data are saved' })
		.toEqual(
			expect.arrayContaining([
				'/',
				'/tasks',
				'/map',
				`/tasks/${taskId}`,
				'/__data.json',
				`/tasks/${taskId}/__data.json`,
				'/map/__data.json',
				`/api/communities/${communityId}/map`,
				`/api/communities/${communityId}/tasks`
			])
		);

	// No signal. The door grid reloads from the cache (its task page's copy), the marks from IndexedDB.
	await context.setOffline(true);
	await liaison.reload();
	await expect(grid).toBeVisible();
	const badge = liaison.getByTestId('sync-status');
	await expect(badge).toHaveAttribute('data-state', 'offline');
	await expect(badge).toContainText('离线');
	await expect(liaison.getByTestId('offline-fallback')).toHaveCount(0);

	const doors = grid.locator('[data-testid^="door-"][data-status]');
	const codes = (await doors.evaluateAll((cells) => cells.map((cell) => cell.dataset.testid!.slice('door-'.length)))).slice(0, 3);
	expect(codes).toHaveLength(3);
	for (const code of codes) {
		const door = liaison.getByTestId(`door-${code}`);
		await door.click();
		await expect(door).toHaveAttribute('data-status', 'visited');
		await expect(door).toHaveAttribute('data-stored', 'false');
	}
	await expect(badge).toHaveAttribute('data-pending', '3');

	// Reloaded again with no signal (a closed browser comes back the same way): the marks are still there.
	await liaison.reload();
	await expect(grid).toBeVisible();
	for (const code of codes) await expect(liaison.getByTestId(`door-${code}`)).toHaveAttribute('data-status', 'visited');
	await expect(badge).toHaveAttribute('data-state', 'offline');
	await expect(badge).toHaveAttribute('data-pending', '3');
	await expect(badge).toContainText('离线');
	await expect(badge).toContainText('3');
	expect(await chiefMarks(chief, taskId, buildingId), 'nothing left the phone').toEqual({});

	// The map of the community, with no signal: the page and its GeoJSON come from the cache.
	await liaison.goto('/map');
	await expect
		.poll(() => liaison.evaluate(() => window.gridDispatchMap?.loads ?? 0), { timeout: 20_000, message: 'map data applied offline' })
		.toBeGreaterThan(0);
	await expect
		.poll(
			() => liaison.evaluate(() => window.gridDispatchMap?.map?.queryRenderedFeatures({ layers: ['building-fill'] }).length ?? 0),
			{ timeout: 20_000, message: 'buildings drawn offline' }
		)
		.toBeGreaterThan(0);
	await expect(liaison.getByTestId('map-error')).toHaveCount(0);

	// A page never opened online sends the browser to the saved home page, which says so.
	await liaison.goto('/tasks/t0000000000000000');
	await expect(liaison).toHaveURL('/?offline-from=%2Ftasks%2Ft0000000000000000');
	const fallback = liaison.getByTestId('offline-fallback');
	await expect(fallback).toContainText('这个页面没有离线副本');
	await expect(fallback.getByRole('link', { name: '重新打开该页面' })).toHaveAttribute('href', '/tasks/t0000000000000000');
	await expect(liaison.getByTestId('current-user')).toBeVisible();
	await expect(badge).toHaveAttribute('data-pending', '3');

	// Signal again: the chief gets the three visits, once each, and the phone shows them stored.
	await liaison.goto(`/tasks/${taskId}?b=${buildingId}`);
	await expect(grid).toBeVisible();
	await context.setOffline(false);
	await expect
		.poll(() => chiefMarks(chief, taskId, buildingId), { timeout: 20_000, message: 'the visits reached chief1' })
		.toEqual(Object.fromEntries(codes.map((code) => [code, ['visited', liaisonMe.id]])));
	await expect.poll(() => livePending(liaison), { timeout: 20_000 }).toBe(0);
	await expect(badge).toHaveAttribute('data-state', 'online');
	for (const code of codes) await expect(liaison.getByTestId(`door-${code}`)).toHaveAttribute('data-stored', 'true');
	const figures = await getJson<TaskFigures>(chief, `/api/tasks/${taskId}`);
	expect(figures.buildings.find((b) => b.buildingId === buildingId)?.visited, 'the server counted each visit once').toBe(3);

	// Signing out deletes every saved page and answer; only the app's code and icons stay.
	await liaison.getByRole('button', { name: '退出登录' }).click();
	await liaison.waitForURL(/\/login$/);
	await expect.poll(() => savedPaths(liaison), { message: 'no saved page of the user is left' }).toEqual([]);
	const left = await everyCachedPath(liaison);
	expect(left.filter((path) => !path.startsWith('/_app/') && !/^\/[\w-]+\.(svg|png|webmanifest)$/.test(path))).toEqual([]);
	await context.close();
});
