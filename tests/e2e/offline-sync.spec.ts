import type { Browser, BrowserContext, Page, WebSocketRoute } from '@playwright/test';
import type {} from '../../src/lib/client/sync/test-hook';
import { expect, offlineNoise, test } from './fixtures';
import {
	acknowledge,
	communityOf,
	dispatchTask,
	hasTask,
	isDemoBuilding,
	liaisonArea,
	liveState,
	livePending,
	markDoors,
	marksOf,
	offlineReady,
	signInElsewhere,
	signInLive,
	waitForLiveDocument
} from './live-helpers';

// Offline reloads need the service worker, which most specs leave out (playwright.config.ts).
test.use({ serviceWorkers: 'allow' });

/**
 * A liaison's evening offline: changes made without network wait in IndexedDB, survive the
 * page being closed, reach the chief once the phone is back online, and only count as
 * confirmed after the server said it stored them. Uses the test hook `window.gridDispatchLive`.
 */

const messageStored = 7;

/**
 * `routeWebSocket` puts Playwright's mock in the page, which forwards each message through a
 * native socket of its own; a message the app sent while that socket was being closed is logged
 * by Chromium as this. The app's own sockets never send when not open (`quietWebSocket`).
 */
const routedSocketNoise = /^WebSocket is already in CLOSING or CLOSED state\.$/;

/** Holds back the server's "stored" notices on this context's sync sockets until `release` is called. */
async function holdStoredNotices(context: BrowserContext) {
	let holding = true;
	const held: { route: WebSocketRoute; message: Buffer }[] = [];
	await context.routeWebSocket(/\/sync\//, (page) => {
		const server = page.connectToServer();
		server.onMessage((message) => {
			if (holding && typeof message !== 'string' && message[0] === messageStored) held.push({ route: page, message });
			else page.send(message);
		});
	});
	return {
		get heldCount() {
			return held.length;
		},
		hold() {
			holding = true;
		},
		release() {
			holding = false;
			for (const { route, message } of held.splice(0)) route.send(message);
		}
	};
}

type Cast = {
	chief: Page;
	liaison: Page;
	liaisonContext: BrowserContext;
	chiefId: string;
	liaisonId: string;
	/** Every building of chief1's grid, and one building of liaison01's micro-grid. */
	scope: string[];
	liaisonBuilding: string;
};

/** chief1 on the test's page, liaison01 in a second context (on `liaisonBaseURL`), both with their live document open. */
async function signInBoth(chief: Page, browser: Browser, pageErrors: string[], liaisonBaseURL?: string): Promise<Cast> {
	const chiefMe = await signInLive(chief, 'chief1');
	const { structure } = await communityOf(chief, chiefMe);
	const { context: liaisonContext, page: liaison, me: liaisonMe } = await signInElsewhere(browser, 'liaison01', pageErrors, {
		contextOptions: { baseURL: liaisonBaseURL },
		// The liaison's context goes offline on purpose: what it then fails to load is by design.
		ignore: [routedSocketNoise, ...offlineNoise]
	});
	const { grid, buildings } = liaisonArea(structure, chiefMe.id, liaisonMe.id);
	return {
		chief,
		liaison,
		liaisonContext,
		chiefId: chiefMe.id,
		liaisonId: liaisonMe.id,
		// Seeded buildings only: a task naming a building map-edit.spec.ts deletes meanwhile would be refused.
		scope: structure.buildings.filter((b) => b.gridId === grid.id && isDemoBuilding(b)).map((b) => b.id),
		liaisonBuilding: buildings[0].id
	};
}

/** chief1 dispatches a check for its whole grid through the live document; waits until liaison01 has it. */
async function dispatch(cast: Cast, title: string): Promise<string> {
	const taskId = await dispatchTask(cast.chief, { title, createdBy: cast.chiefId, dueInHours: 6, scope: cast.scope });
	await expect.poll(() => liveState(cast.chief)).toBe('online');
	await expect.poll(() => hasTask(cast.liaison, taskId)).toBe(true);
	return taskId;
}

/** Whether chief1's copy holds liaison01's ack of the task. */
function ackOnChiefSide(cast: Cast, taskId: string) {
	return cast.chief.evaluate(
		({ taskId, liaisonId }) => {
			const task = window.gridDispatchLive?.doc.getMap<import('yjs').Map<unknown>>('tasks').get(taskId);
			return (task?.get('acks') as import('yjs').Map<number> | undefined)?.has(liaisonId) ?? false;
		},
		{ taskId, liaisonId: cast.liaisonId }
	);
}

test('changes made offline reach the chief after a reload and are confirmed only once stored', async ({
	page,
	browser,
	pageErrors,
	liaisonBaseURL
}) => {
	test.setTimeout(90_000);
	const cast = await signInBoth(page, browser, pageErrors, liaisonBaseURL);
	const { chief, liaisonContext, liaisonId, liaisonBuilding } = cast;
	let liaison = cast.liaison;
	const taskId = await dispatch(cast, '今晚入户排查');

	// The liaison, whose phone has had the app for a while, loses the network, acknowledges the
	// task and marks a household visited.
	await offlineReady(liaison);
	await liaisonContext.setOffline(true);
	const badge = liaison.getByTestId('sync-status');
	await expect(badge).toHaveAttribute('data-state', 'offline');
	await acknowledge(liaison, taskId, liaisonId);
	await markDoors(liaison, taskId, liaisonBuilding, { '1-101': { s: 'visited', by: liaisonId } });
	await expect(badge).toHaveAttribute('data-state', 'offline');
	await expect(badge).toContainText('离线');
	await expect(badge).toContainText('2 条待同步');
	expect(await livePending(liaison)).toBe(2);

	// Signing out now would delete those changes: the app warns, and cancelling keeps the user in.
	await liaison.getByRole('button', { name: '退出登录' }).click();
	const warning = liaison.getByTestId('sign-out-dialog');
	await expect(warning).toContainText('还有 2 条更改未同步');
	await warning.getByRole('button', { name: '暂不退出' }).click();
	await expect(warning).toHaveCount(0);
	await expect(liaison.getByTestId('current-user')).toBeVisible();
	expect(await ackOnChiefSide(cast, taskId), 'nothing left the offline phone').toBe(false);

	// The page is closed while offline; later the phone is online again and the app is reopened.
	await liaison.close();
	await liaisonContext.setOffline(false);
	const stored = await holdStoredNotices(liaisonContext);
	liaison = await liaisonContext.newPage();
	await liaison.goto('/');
	await waitForLiveDocument(liaison);

	// The reopened page loads, connects and sends its outbox: seconds on a loaded CI machine.
	const reachTimeout = 20_000;
	await expect.poll(() => ackOnChiefSide(cast, taskId), { message: 'the ack reached chief1', timeout: reachTimeout }).toBe(true);
	await expect
		.poll(async () => (await marksOf(chief, taskId, liaisonBuilding))?.['1-101'] ?? null, { message: 'the visit reached chief1', timeout: reachTimeout })
		.toMatchObject({ s: 'visited', by: liaisonId });

	// The server has it, but until it says so the liaison's badge does not claim it is safe.
	await expect.poll(() => stored.heldCount).toBeGreaterThan(0);
	const reopenedBadge = liaison.getByTestId('sync-status');
	await expect(reopenedBadge).toHaveAttribute('data-state', 'syncing');
	await expect(reopenedBadge).toContainText('2 条待同步');
	expect(await livePending(liaison)).toBe(2);

	stored.release();
	await expect(reopenedBadge).toHaveAttribute('data-state', 'online');
	await expect(reopenedBadge).toHaveText(/在线/);
	await expect(reopenedBadge).not.toContainText('待同步');
	expect(await livePending(liaison)).toBe(0);
	await expect(liaison.getByTestId('sync-refusal')).toHaveCount(0);
	await expect(chief.getByTestId('sync-refusal')).toHaveCount(0);

	// One more mark the server has not confirmed yet: signing out warns, and going ahead anyway
	// deletes everything this user kept in the browser.
	stored.hold();
	await markDoors(liaison, taskId, liaisonBuilding, { '1-102': { s: 'absent', by: liaisonId } });
	await expect.poll(() => livePending(liaison)).toBe(1);
	await liaison.getByRole('button', { name: '退出登录' }).click();
	await liaison.getByTestId('sign-out-dialog').getByRole('button', { name: '仍然退出' }).click();
	await liaison.waitForURL(/\/login$/);
	const leftovers = await liaison.evaluate(async (prefix) => {
		const databases = (await indexedDB.databases()).map((db) => db.name ?? '');
		return [...databases, ...Object.keys(localStorage)].filter((name) => name.startsWith(prefix));
	}, `grid-dispatch:${liaisonId}:`);
	expect(leftovers).toEqual([]);
	await liaisonContext.close();
});

test('a refused change is explained in Chinese, can be dismissed, and does not hold back the next one', async ({
	page,
	browser,
	pageErrors,
	liaisonBaseURL
}) => {
	const cast = await signInBoth(page, browser, pageErrors, liaisonBaseURL);
	const { chief, liaison, liaisonId } = cast;
	const taskId = await dispatch(cast, '消防通道排查');
	const titleOf = (target: Page) =>
		target.evaluate(
			(id) => window.gridDispatchLive?.doc.getMap<import('yjs').Map<unknown>>('tasks').get(id)?.get('title'),
			taskId
		);

	// Only those who manage a task may retitle it; the server refuses and says why.
	await liaison.evaluate(
		(id) => window.gridDispatchLive!.doc.getMap<import('yjs').Map<unknown>>('tasks').get(id)!.set('title', '改个标题'),
		taskId
	);
	const notice = liaison.getByTestId('sync-refusal');
	await expect(notice).toHaveText('这项修改超出了您的权限，未被保存。');
	await expect(notice).toHaveAttribute('data-code', 'forbidden');
	expect(await titleOf(chief)).toBe('消防通道排查');
	// The liaison's own copy drops the refused title too, and the notice stays until dismissed.
	await expect.poll(() => titleOf(liaison), { message: "the liaison's copy matches the server again" }).toBe('消防通道排查');
	await expect(notice).toBeVisible();

	// The liaison's next, allowed change still gets through.
	await acknowledge(liaison, taskId, liaisonId);
	await expect.poll(() => ackOnChiefSide(cast, taskId), { message: 'the ack after the refusal reached chief1' }).toBe(true);
	expect(await titleOf(chief)).toBe('消防通道排查');

	await notice.getByRole('button', { name: '知道了' }).click();
	await expect(notice).toHaveCount(0);

	// A drop and a reconnect after the refusal still carry the next change.
	await cast.liaisonContext.setOffline(true);
	await expect(liaison.getByTestId('sync-status')).toHaveAttribute('data-state', 'offline');
	await cast.liaisonContext.setOffline(false);
	await markDoors(liaison, taskId, cast.liaisonBuilding, { '2-301': { s: 'absent', by: liaisonId } });
	await expect.poll(async () => '2-301' in ((await marksOf(chief, taskId, cast.liaisonBuilding)) ?? {})).toBe(true);

	await cast.liaisonContext.close();
});
