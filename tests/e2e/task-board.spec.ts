import type { Browser, BrowserContext, ConsoleMessage, Page } from '@playwright/test';
import type {} from '../../src/lib/client/sync/test-hook';
import { expect, signIn, test } from './fixtures';

/**
 * The chief's live task board: liaison01's 收到 and marks appear without a reload, a roll-call
 * reminder is counted on the card, closing shows the closed banner and reopening takes it away,
 * a second viewer shows up under presence. The task and the liaison's work are written
 * through the test hook `window.gridDispatchLive`, as the liaison's own screens would.
 */

type Structure = {
	grids: { id: string; chiefIds: string[] }[];
	microGrids: { id: string; gridId: string; liaisonIds: string[] }[];
	buildings: { id: string; gridId: string | null; microGridId: string | null }[];
};
type Me = { id: string; displayName: string; memberships: { communityId: string | null }[] };

function watchErrors(context: BrowserContext, errors: string[]) {
	context.on('console', (message: ConsoleMessage) => {
		if (message.type() === 'error') errors.push(`[${message.page()?.url() ?? '?'}] console.error: ${message.text()}`);
	});
	context.on('weberror', (webError) => errors.push(`pageerror: ${webError.error().stack ?? webError.error().message}`));
}

async function getJson<T>(page: Page, path: string): Promise<T> {
	const response = await page.request.get(path);
	expect(response.ok(), `GET ${path}`).toBe(true);
	return (await response.json()) as T;
}

const waitForLiveDocument = (page: Page) => page.waitForFunction(() => window.gridDispatchLive !== undefined);

async function signInElsewhere(browser: Browser, username: string, errors: string[]) {
	const context = await browser.newContext();
	watchErrors(context, errors);
	const page = await context.newPage();
	await signIn(page, username);
	await waitForLiveDocument(page);
	return { context, page, me: await getJson<Me>(page, '/api/me') };
}

/** chief1 dispatches a check over liaison01's micro-grid through the live document. */
async function dispatch(chief: Page, chiefId: string, scope: string[]): Promise<string> {
	const taskId = `e2e-board-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
	await chief.evaluate(
		({ taskId, chiefId, scope }) => {
			const { doc, Y } = window.gridDispatchLive!;
			doc.transact(() => {
				const task = new Y.Map<unknown>();
				doc.getMap('tasks').set(taskId, task);
				const now = Date.now();
				task.set('title', '今晚入户排查（看板测试）');
				task.set('kind', 'check');
				task.set('instructions', '请逐户核实常住人口，发现异常及时备注。');
				task.set('createdBy', chiefId);
				task.set('createdAt', now);
				task.set('dueAt', now + 4 * 60 * 60 * 1000);
				task.set('status', 'open');
				task.set('round', 1);
				task.set('roundOf', null);
				const scopeList = new Y.Array<string>();
				scopeList.push(scope);
				task.set('scope', scopeList);
				task.set('acks', new Y.Map());
				task.set('reminders', new Y.Array());
				task.set('notes', new Y.Array());
				const progress = new Y.Map<unknown>();
				for (const buildingId of scope) progress.set(buildingId, new Y.Map());
				task.set('progress', progress);
			});
		},
		{ taskId, chiefId, scope }
	);
	await expect.poll(() => chief.evaluate(() => window.gridDispatchLive?.status.pending), { message: 'the task is stored' }).toBe(0);
	return taskId;
}

test('the chief watches acknowledgements, marks, reminders and closing live on the board', async ({ page: chief, browser, pageErrors }) => {
	test.setTimeout(90_000);
	await signIn(chief, 'chief1');
	await waitForLiveDocument(chief);
	const chiefMe = await getJson<Me>(chief, '/api/me');
	const communityId = chiefMe.memberships.find((m) => m.communityId)!.communityId!;
	const structure = await getJson<Structure>(chief, `/api/communities/${communityId}/structure`);

	const liaison = await signInElsewhere(browser, 'liaison01', pageErrors);
	const liaisonId = liaison.me.id;
	const microGrid = structure.microGrids.find((mg) => mg.liaisonIds.includes(liaisonId))!;
	const grid = structure.grids.find((g) => g.chiefIds.includes(chiefMe.id))!;
	expect(microGrid.gridId, "liaison01 works in chief1's grid").toBe(grid.id);
	const scope = structure.buildings.filter((b) => b.microGridId === microGrid.id).map((b) => b.id);
	expect(scope.length).toBeGreaterThan(0);
	const building = await getJson<{ id: string; households: string[] }>(chief, `/api/communities/${communityId}/buildings/${scope[0]}`);
	expect(building.households.length).toBeGreaterThanOrEqual(10);
	const total = building.households.length;

	const taskId = await dispatch(chief, chiefMe.id, scope);
	await chief.goto(`/tasks/${taskId}`);
	const card = chief.getByTestId(`liaison-card-${liaisonId}`);
	await expect(card).toHaveAttribute('data-acked', 'false');
	await expect(card.getByTestId(`board-building-${building.id}`)).toContainText(`0/${total}`);
	await expect(chief.getByTestId('board-title')).toHaveText('今晚入户排查（看板测试）');

	// Roll-call: liaison01 has not acknowledged; one reminder goes out and is counted on the card.
	const rollCall = chief.getByTestId('roll-call');
	await expect(rollCall.getByTestId(`roll-call-${liaisonId}`)).toBeVisible();
	await rollCall.getByTestId('remind-all').click();
	await expect(card.getByTestId('card-reminders')).toHaveAttribute('data-count', '1');
	await expect
		.poll(() =>
			liaison.page.evaluate(({ taskId, liaisonId }) => {
				const task = window.gridDispatchLive?.doc.getMap<import('yjs').Map<unknown>>('tasks').get(taskId);
				const reminders = (task?.get('reminders') as import('yjs').Array<{ to: string[] }> | undefined)?.toArray() ?? [];
				return reminders.filter((r) => r.to.includes(liaisonId)).length;
			}, { taskId, liaisonId }),
			{ message: 'the reminder reaches the liaison' }
		)
		.toBe(1);

	// The liaison acknowledges and marks ten households visited: the board follows without a reload.
	await liaison.page.evaluate(
		({ taskId, liaisonId, buildingId, codes }) => {
			const { doc } = window.gridDispatchLive!;
			const task = doc.getMap<import('yjs').Map<unknown>>('tasks').get(taskId)!;
			(task.get('acks') as import('yjs').Map<number>).set(liaisonId, Date.now());
			const marks = (task.get('progress') as import('yjs').Map<import('yjs').Map<unknown>>).get(buildingId)!;
			doc.transact(() => {
				for (const code of codes) marks.set(code, { s: 'visited', by: liaisonId, at: Date.now() });
			});
		},
		{ taskId, liaisonId, buildingId: building.id, codes: building.households.slice(0, 10) }
	);
	await expect(card).toHaveAttribute('data-acked', 'true');
	await expect(card.getByTestId('card-ack')).toContainText('已收到');
	await expect(card.getByTestId(`board-building-${building.id}`)).toContainText(`10/${total}`);
	await expect(rollCall).toContainText('联络员都已收到');
	await expect(chief.getByTestId('board-filter-in-progress')).toContainText('1');

	// Presence: the secretary opens the same board and the chief sees them looking.
	const secretary = await signInElsewhere(browser, 'secretary', pageErrors);
	await secretary.page.goto(`/tasks/${taskId}`);
	await expect(secretary.page.getByTestId(`liaison-card-${liaisonId}`)).toContainText(`10/${total}`);
	await expect(chief.getByTestId('board-presence')).toContainText(secretary.me.displayName);

	const shots = 'test-reports/screenshots';
	await chief.screenshot({ path: `${shots}/task-board-1280x800.png`, fullPage: true });
	await chief.setViewportSize({ width: 390, height: 844 });
	await expect(card).toBeVisible();
	const overflow = await chief.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
	expect(overflow, 'no sideways scrolling on a phone').toBeLessThanOrEqual(0);
	await chief.screenshot({ path: `${shots}/task-board-390x844.png`, fullPage: true });
	await chief.setViewportSize({ width: 1280, height: 800 });

	await secretary.context.close();
	await expect(chief.getByTestId('board-presence')).not.toContainText(secretary.me.displayName, { timeout: 15_000 });

	// The map tab shows the task map; the cards come back with their figures.
	await chief.getByTestId('board-map').click();
	await expect(chief.getByTestId('task-map')).toBeVisible();
	await chief.getByTestId('board-cards').click();
	await expect(card.getByTestId(`board-building-${building.id}`)).toContainText(`10/${total}`);

	// Edit opens the task editor.
	await chief.getByTestId('task-edit').click();
	await expect(chief.getByRole('dialog')).toBeVisible();
	await chief.keyboard.press('Escape');
	await expect(chief.getByRole('dialog')).toHaveCount(0);

	// Close with confirmation: the board turns read-only with its final figures; reopen brings it back.
	await chief.getByTestId('task-close').click();
	await chief.getByTestId('task-close-confirm').click();
	await expect(chief.getByTestId('task-closed-banner')).toBeVisible();
	await expect(chief.getByTestId('board-status')).toHaveAttribute('data-status', 'closed');
	await expect(chief.getByTestId('task-close')).toHaveCount(0);
	await expect(chief.getByTestId('roll-call')).toHaveCount(0);
	await expect(card.getByTestId(`board-building-${building.id}`)).toContainText(`10/${total}`);
	await chief.getByTestId('task-reopen').click();
	await expect(chief.getByTestId('task-closed-banner')).toHaveCount(0);
	await expect(chief.getByTestId('board-status')).toHaveAttribute('data-status', 'open');
	await expect(chief.getByTestId('task-close')).toBeVisible();

	// Search narrows the cards; a search that matches nobody says so.
	await chief.getByTestId('board-search').fill(liaison.me.displayName);
	await expect(card).toBeVisible();
	await chief.getByTestId('board-search').fill('没有这个人');
	await expect(chief.getByTestId('board-no-match')).toBeVisible();
	await chief.getByTestId('board-search').fill('');

	// The street office reads the same board and may change nothing.
	const street = await signInElsewhere(browser, 'street1', pageErrors);
	await street.page.goto(`/tasks/${taskId}`);
	await expect(street.page.getByTestId(`liaison-card-${liaisonId}`)).toContainText(`10/${total}`);
	await expect(street.page.getByTestId('board-actions')).toHaveCount(0);
	await expect(street.page.getByTestId('roll-call')).toBeVisible();
	await expect(street.page.getByTestId('remind-all')).toHaveCount(0);
	await expect(street.page.getByTestId('board-note-text')).toHaveCount(0);
	await street.context.close();

	// A new round: same buildings, fresh progress, its own board.
	await chief.getByTestId('task-new-round').click();
	await chief.getByTestId('task-new-round-confirm').click();
	await chief.waitForURL((url) => /^\/tasks\/t[0-9a-f]{16}$/.test(url.pathname));
	await expect(chief.getByTestId('board-round')).toHaveText('第 2 轮');
	await expect(chief.getByTestId('board-title')).toHaveText('今晚入户排查（看板测试）');
	await expect(chief.getByTestId(`liaison-card-${liaisonId}`)).toHaveAttribute('data-acked', 'false');
	await expect(chief.getByTestId(`board-building-${building.id}`)).toContainText(`0/${total}`);

	await liaison.context.close();
});

test('a task that is in neither the document nor the history is reported as such', async ({ page }) => {
	await signIn(page, 'chief1');
	await waitForLiveDocument(page);
	await page.goto('/tasks/t0000000000000000');
	await expect(page.getByTestId('board-not-found')).toHaveText('任务不存在或已归档');
});
