import type {} from '../../src/lib/client/sync/test-hook';
import { expect, signIn, test } from './fixtures';
import {
	acknowledge,
	communityOf,
	dispatchTask,
	householdsOf,
	liaisonArea,
	markDoors,
	signInElsewhere,
	signInLive,
	waitForLiveDocument
} from './live-helpers';

/**
 * The chief's live task board: liaison01's 收到 and marks appear without a reload, a roll-call
 * reminder is counted on the card, closing shows the closed banner and reopening takes it away,
 * a second viewer shows up under presence. The task and the liaison's work are written
 * through the test hook `window.gridDispatchLive`, as the liaison's own screens would.
 */

test('the chief watches acknowledgements, marks, reminders and closing live on the board', async ({ page: chief, browser, pageErrors }) => {
	test.setTimeout(90_000);
	const chiefMe = await signInLive(chief, 'chief1');
	const { communityId, structure } = await communityOf(chief, chiefMe);

	const liaison = await signInElsewhere(browser, 'liaison01', pageErrors);
	const liaisonId = liaison.me.id;
	const scope = liaisonArea(structure, chiefMe.id, liaisonId).buildings.map((b) => b.id);
	expect(scope.length).toBeGreaterThan(0);
	const building = { id: scope[0], households: await householdsOf(chief, communityId, scope[0]) };
	expect(building.households.length).toBeGreaterThanOrEqual(10);
	const total = building.households.length;

	// chief1 dispatches a check over liaison01's micro-grid through the live document. The id is
	// not of the app's kind (`t` and 16 hex digits): the new round below waits for an address of one.
	const taskId = await dispatchTask(chief, {
		id: `e2e-board-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`,
		title: '今晚入户排查（看板测试）',
		instructions: '请逐户核实常住人口，发现异常及时备注。',
		createdBy: chiefMe.id,
		dueInHours: 4,
		scope
	});
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
	await acknowledge(liaison.page, taskId, liaisonId);
	const visited = building.households.slice(0, 10).map((code) => [code, { s: 'visited', by: liaisonId }] as const);
	await markDoors(liaison.page, taskId, building.id, Object.fromEntries(visited));
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
	// The later round compares coverage with the first (from the projection; the board's clock refreshes it).
	const rounds = chief.getByTestId('task-rounds');
	await expect(rounds.getByTestId('round-1')).toBeVisible({ timeout: 20_000 });
	await expect(rounds.getByTestId('round-2')).toBeVisible({ timeout: 20_000 });

	await liaison.context.close();
});

test('a task that is in neither the document nor the history is reported as such', async ({ page }) => {
	await signIn(page, 'chief1');
	await waitForLiveDocument(page);
	await page.goto('/tasks/t0000000000000000');
	// Decided once the live document has synced, which takes seconds on a loaded machine.
	await expect(page.getByTestId('board-not-found')).toHaveText('任务不存在或已归档', { timeout: 20_000 });
});
