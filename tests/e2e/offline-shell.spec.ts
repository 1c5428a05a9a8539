import type { Page } from '@playwright/test';
import type {} from '../../src/lib/client/map/test-hook';
import { runtimeCacheName } from '../../src/lib/client/offline/offline-routes';
import type {} from '../../src/lib/client/offline/offline-shell';
import { expect, hydrated, offlineNoise, test } from './fixtures';
import { communityOf, dispatchTask, getJson, hasTask, liaisonArea, livePending, marksOf, offlineReady, signInElsewhere, signInLive } from './live-helpers';
import { mapDataApplied } from './map-helpers';

// Offline reloads need the service worker, which most specs leave out (playwright.config.ts).
test.use({ serviceWorkers: 'allow' });

/**
 * The service worker: a liaison who opened the app once online reloads a door grid in a
 * stairwell with no signal (the page comes from the cache, the marks from IndexedDB), keeps
 * marking, reloads again, and everything reaches the chief once, when the signal is back.
 * The map data is served offline too, and signing out leaves no saved page behind.
 */

type TaskFigures = { buildings: { buildingId: string; visited: number }[] };

const phone = { width: 390, height: 844 };

/** What every runtime cache's name starts with, whatever the build (the worker's own naming). */
const runtimePrefix = runtimeCacheName('');

/** Paths (with query) of every entry of this app's runtime caches. */
const savedPaths = (page: Page) =>
	page.evaluate(async (prefix) => {
		const paths: string[] = [];
		for (const name of await caches.keys()) {
			if (!name.startsWith(prefix)) continue;
			const cache = await caches.open(name);
			for (const request of await cache.keys()) {
				const url = new URL(request.url);
				paths.push(url.pathname + url.search);
			}
		}
		return paths;
	}, runtimePrefix);

/** Every entry of every cache of the origin, whatever its name. */
const everyCachedPath = (page: Page) =>
	page.evaluate(async () => {
		const paths: string[] = [];
		for (const name of await caches.keys()) {
			for (const request of await (await caches.open(name)).keys()) paths.push(new URL(request.url).pathname);
		}
		return paths;
	});

/** The marks chief1's live copy holds for one building: code → [status, by]. */
const chiefMarks = async (chief: Page, taskId: string, buildingId: string) =>
	Object.fromEntries(Object.entries((await marksOf(chief, taskId, buildingId)) ?? {}).map(([code, mark]) => [code, [mark.s, mark.by]]));

test('a liaison reloads a door grid with no signal, keeps marking, and the chief gets each mark once', async ({
	page: chief,
	browser,
	pageErrors,
	liaisonBaseURL
}) => {
	test.setTimeout(120_000);
	const chiefMe = await signInLive(chief, 'chief1');
	const { communityId, structure } = await communityOf(chief, chiefMe);

	const {
		context,
		page: liaison,
		me: liaisonMe
	} = await signInElsewhere(browser, 'liaison01', pageErrors, {
		contextOptions: { viewport: phone, baseURL: liaisonBaseURL },
		ignore: offlineNoise
	});
	const scope = liaisonArea(structure, chiefMe.id, liaisonMe.id).buildings.map((b) => b.id);
	const buildingId = scope[0];
	// A check for liaison01's micro-grid dispatched by chief1 through the live document.
	const taskId = await dispatchTask(chief, { title: '楼道消防通道排查', createdBy: chiefMe.id, dueInHours: 6, scope });
	await expect.poll(() => hasTask(liaison, taskId)).toBe(true);

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
	await mapDataApplied(liaison, 'map data applied offline');
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

/**
 * A page whose load began past the worker (a tap while the first install was still precaching,
 * which once left CI's liaison page uncontrolled, or a hard reload) is missed by the claim on
 * activation. The page asks the worker to take it over, so what it needs without signal is still
 * kept on this load, not the next one.
 */
test('a page loaded past the worker is taken over by it and kept for offline use', async ({ page }) => {
	test.setTimeout(90_000);
	await page.setViewportSize(phone);
	await signInLive(page, 'liaison01');
	await offlineReady(page);

	// Nothing saved, so whatever is saved after the reload was kept on it.
	await page.evaluate(async (prefix) => {
		for (const name of await caches.keys()) if (name.startsWith(prefix)) await caches.delete(name);
	}, runtimePrefix);
	expect(await savedPaths(page)).toEqual([]);
	await page.addInitScript(() => {
		(window as { controlledAtStart?: boolean }).controlledAtStart = !!navigator.serviceWorker?.controller;
	});
	const devtools = await page.context().newCDPSession(page);
	await devtools.send('Page.reload', { ignoreCache: true });
	await page.waitForFunction(() => 'controlledAtStart' in window);
	await hydrated(page);
	expect(await page.evaluate(() => (window as { controlledAtStart?: boolean }).controlledAtStart), 'a hard reload starts uncontrolled').toBe(false);

	await offlineReady(page);
	expect(await savedPaths(page), 'home, the task list and the map kept on this load').toEqual(expect.arrayContaining(['/', '/tasks', '/map']));
});
