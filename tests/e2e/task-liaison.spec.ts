import path from 'node:path';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import type {} from '../../src/lib/client/sync/test-hook';
import { expect, expectNoHorizontalScroll, offlineNoise, test } from './fixtures';
import {
	communityOf,
	dispatchTask,
	householdsOf,
	liaisonArea,
	marksOf,
	signInElsewhere,
	signInLive,
	type Mark,
	type Structure
} from './live-helpers';

/**
 * A liaison's evening on a phone: chief1 dispatches a check through the live
 * document; the liaison sees it on the home page, taps 收到, opens a building's door grid,
 * records doors (tap cycle, long-press for an issue with a note), watches the counts and the
 * stored ticks, and the chief's copy holds every mark. Also: a mark refused because the chief
 * moved the building away while the liaison was offline is reported in plain words.
 */

const phone = { width: 390, height: 844 };
const smallPhone = { width: 360, height: 740 };
const screenshotDir = path.join('test-reports', 'screenshots');

type Chief = { page: Page; context: BrowserContext; id: string; communityId: string; structure: Structure };

/** chief1 in a second browser context (desktop size), with the live document open. */
async function chiefElsewhere(browser: Browser, errors: string[]): Promise<Chief> {
	const { context, page, me } = await signInElsewhere(browser, 'chief1', errors);
	return { page, context, id: me.id, ...(await communityOf(page, me)) };
}

/** chief1 dispatches a check over `scope` through the live document; resolves once the server stored it. */
const dispatch = (chief: Chief, title: string, scope: string[], instructions = '请各微网格联络员今晚进行相关排查') =>
	dispatchTask(chief.page, { title, instructions, createdBy: chief.id, dueInHours: 3, scope });

function remind(chief: Chief, taskId: string, liaisonId: string) {
	return chief.page.evaluate(
		({ taskId, chiefId, liaisonId }) => {
			const task = window.gridDispatchLive!.doc.getMap<import('yjs').Map<unknown>>('tasks').get(taskId)!;
			(task.get('reminders') as import('yjs').Array<unknown>).push([{ by: chiefId, at: Date.now(), to: [liaisonId] }]);
		},
		{ taskId, chiefId: chief.id, liaisonId }
	);
}

/** What chief1's copy of the document says about one task. */
function chiefSees(chief: Chief, taskId: string) {
	return chief.page.evaluate((taskId) => {
		const task = window.gridDispatchLive?.doc.getMap<import('yjs').Map<unknown>>('tasks').get(taskId);
		if (!task) return null;
		const progress = task.get('progress') as import('yjs').Map<import('yjs').Map<unknown>>;
		const marks: Record<string, Record<string, unknown>> = {};
		for (const [buildingId, building] of progress.entries()) marks[buildingId] = building.toJSON();
		return {
			acks: (task.get('acks') as import('yjs').Map<number>).toJSON() as Record<string, number>,
			marks: marks as Record<string, Record<string, Mark>>,
			notes: (task.get('notes') as import('yjs').Array<{ by: string; text: string; buildingId?: string }>).toArray()
		};
	}, taskId);
}

const unitOf = (code: string) => code.split('-')[0];

type AlertCounts = { beeps: number; vibrations: number };
declare global {
	interface Window {
		e2eAlerts?: AlertCounts;
	}
}

/** Counts the beeps (oscillators started) and vibrations the page asks for, passing them on. */
async function countAlerts(page: Page) {
	await page.addInitScript(() => {
		const counts = { beeps: 0, vibrations: 0 };
		window.e2eAlerts = counts;
		const createOscillator = AudioContext.prototype.createOscillator;
		AudioContext.prototype.createOscillator = function (this: AudioContext) {
			counts.beeps++;
			return createOscillator.call(this);
		};
		const vibrate = navigator.vibrate?.bind(navigator);
		if (vibrate)
			navigator.vibrate = ((pattern: VibratePattern) => {
				counts.vibrations++;
				return vibrate(pattern);
			}) as Navigator['vibrate'];
	});
	return () => page.evaluate(() => window.e2eAlerts ?? { beeps: 0, vibrations: 0 });
}

test.use({ viewport: phone });

test('a liaison acknowledges on the home page, records door by door, and the chief has every mark', async ({ page, browser, pageErrors }) => {
	test.setTimeout(90_000);
	const chief = await chiefElsewhere(browser, pageErrors);
	const alerts = await countAlerts(page);
	const liaisonId = (await signInLive(page, 'liaison01')).id;
	const { buildings } = liaisonArea(chief.structure, chief.id, liaisonId);
	const building = buildings[0];
	const codes = await householdsOf(chief.page, chief.communityId, building.id);
	expect(codes.length).toBeGreaterThan(3);

	// The chief dispatches and reminds; the liaison's home shows the card without a reload.
	const taskId = await dispatch(chief, '今晚入户排查', buildings.map((b) => b.id));
	const card = page.getByTestId(`home-task-${taskId}`);
	await expect(card).toBeVisible();
	await expect(card).toContainText('今晚入户排查');
	await expect(card).toContainText('请各微网格联络员今晚进行相关排查');
	await expect(card).toContainText(`0/${codes.length}`);
	await expect(page.getByTestId('nav-task-badge')).toHaveText(/^[1-9]\d*$/);
	await expect.poll(() => page.title()).toMatch(/^\(\d+\) /);
	await remind(chief, taskId, liaisonId);
	await expect(page.getByTestId(`reminder-${taskId}`)).toHaveText('网格长提醒您确认任务');
	await expectNoHorizontalScroll(page, phone.width);
	await page.screenshot({ path: path.join(screenshotDir, 'liaison-home-390x844.png'), fullPage: true });

	// 收到: the card says when, and the chief's copy has it.
	await page.getByTestId(`ack-${taskId}`).click();
	await expect(page.getByTestId(`acked-${taskId}`)).toHaveText(/^已收到 \d{2}:\d{2}$/);
	await expect(page.getByTestId(`reminder-${taskId}`)).toHaveCount(0);
	await expect.poll(async () => Object.keys((await chiefSees(chief, taskId))?.acks ?? {})).toContain(liaisonId);

	// Into the task, then the building's door grid (a query parameter, no page load).
	await page.getByTestId(`open-task-${taskId}`).click();
	await page.waitForURL(`**/tasks/${taskId}`);
	const row = page.getByTestId(`open-building-${building.id}`);
	await expect(row).toContainText(`0/${codes.length}`);
	await row.click();
	await page.waitForURL(`**/tasks/${taskId}?b=${building.id}`);
	const grid = page.getByTestId('door-grid');
	await expect(grid).toBeVisible();
	await expect(grid.locator('[data-testid^="door-"][data-status]')).toHaveCount(codes.length);

	// One tap cycles visited → absent → refused → clear.
	const [first, second, third] = codes;
	const door = (code: string) => page.getByTestId(`door-${code}`);
	for (const status of ['visited', 'absent', 'refused', '', 'visited']) {
		await door(first).click();
		await expect(door(first)).toHaveAttribute('data-status', status);
	}
	await door(second).click();
	await expect(door(second)).toHaveAttribute('data-status', 'visited');
	await expect(page.getByTestId('building-count')).toHaveText(`2/${codes.length}`);
	const unit = unitOf(first);
	const inUnit = codes.filter((code) => unitOf(code) === unit);
	const markedInUnit = [first, second].filter((code) => unitOf(code) === unit).length;
	await expect(page.getByTestId(`unit-count-${unit}`)).toHaveText(`${markedInUnit}/${inUnit.length}`);

	// Ticks once the server has stored them.
	await expect(door(first)).toHaveAttribute('data-stored', 'true');
	await expect(door(second)).toHaveAttribute('data-stored', 'true');

	// Long-press: an issue with a note.
	await door(third).hover();
	await page.mouse.down();
	const sheet = page.getByTestId('issue-sheet');
	await expect(sheet).toBeVisible();
	await page.mouse.up();
	await sheet.getByLabel('问题说明').fill('独居老人，需要社区帮扶');
	await sheet.getByRole('button', { name: '保存' }).click();
	await expect(sheet).toHaveCount(0);
	await expect(door(third)).toHaveAttribute('data-status', 'issue');
	await expect(door(third)).toHaveAttribute('data-stored', 'true');
	await expect(page.getByTestId('building-count')).toHaveText(`3/${codes.length}`);

	// A note about the building.
	await page.getByTestId('note-input').fill('3单元门禁坏了，明晚再来');
	await page.getByTestId('note-add').click();
	await expect(page.getByTestId('task-note').first()).toContainText('3单元门禁坏了，明晚再来');

	// The chief's copy holds every mark, by the liaison, and the note.
	await expect
		.poll(async () => (await chiefSees(chief, taskId))?.marks[building.id] ?? {}, { message: "the marks reached chief1's copy" })
		.toMatchObject({
			[first]: { s: 'visited', by: liaisonId },
			[second]: { s: 'visited', by: liaisonId },
			[third]: { s: 'issue', by: liaisonId, note: '独居老人，需要社区帮扶' }
		});
	await expect
		.poll(async () => (await chiefSees(chief, taskId))?.notes ?? [])
		.toContainEqual(expect.objectContaining({ by: liaisonId, buildingId: building.id, text: '3单元门禁坏了，明晚再来' }));

	await expectNoHorizontalScroll(page, phone.width);
	await page.screenshot({ path: path.join(screenshotDir, 'liaison-door-grid-390x844.png'), fullPage: true });

	// Back to the list, which now counts the two visited doors and names the issue.
	await page.getByTestId('back-to-buildings').click();
	await page.waitForURL(`**/tasks/${taskId}`);
	await expect(page.getByTestId(`open-building-${building.id}`)).toContainText(new RegExp(`已访\\s*2/${codes.length}`));
	await expect(page.getByTestId(`open-building-${building.id}`)).toContainText('问题 1');
	await page.screenshot({ path: path.join(screenshotDir, 'liaison-task-390x844.png'), fullPage: true });

	// Another task while the liaison is at work (they have touched the page): a beep and a vibration.
	const before = await alerts();
	const nextTaskId = await dispatch(chief, '垃圾分类宣传', [building.id], '');
	await expect.poll(async () => (await alerts()).beeps, { message: 'a beep for the new task' }).toBeGreaterThan(before.beeps);
	expect((await alerts()).vibrations).toBeGreaterThan(before.vibrations);
	await expect(page.getByTestId('nav-task-badge')).toBeVisible();

	// A small phone: the grid may scroll sideways inside itself, the page never does.
	await page.setViewportSize(smallPhone);
	await expectNoHorizontalScroll(page, smallPhone.width);
	await page.getByTestId(`open-building-${building.id}`).click();
	await expect(page.getByTestId('door-grid')).toBeVisible();
	await expectNoHorizontalScroll(page, smallPhone.width);
	const cellWidth = await door(first).evaluate((cell) => cell.getBoundingClientRect().width);
	expect(cellWidth).toBeGreaterThanOrEqual(44);
	await page.screenshot({ path: path.join(screenshotDir, 'liaison-door-grid-360x740.png') });
	await page.goto('/');
	await expect(page.getByTestId(`home-task-${nextTaskId}`)).toBeVisible();
	await expect(page.getByTestId(`home-task-${taskId}`)).toBeVisible();
	await expectNoHorizontalScroll(page, smallPhone.width);

	await chief.context.close();
});

test.describe('offline, then refused', () => {
	// The door grid refreshes the matter categories whenever it likes; offline, Chromium logs that fetch's failure.
	test.use({ expectedConsoleErrors: [offlineNoise, { scope: 'test' }] });

	test('a mark refused because the chief moved the building away is reported in plain words', async ({ page, browser, pageErrors }) => {
		test.setTimeout(90_000);
		const chief = await chiefElsewhere(browser, pageErrors);
		// liaison06 and liaison07 are used by no other spec, so moving a building between them disturbs nobody.
		const liaisonId = (await signInLive(page, 'liaison06')).id;
		const { microGrid, buildings } = liaisonArea(chief.structure, chief.id, liaisonId);
		const liaison07 = chief.structure.users.find((user) => user.username === 'liaison07')!;
		const elsewhere = liaisonArea(chief.structure, chief.id, liaison07.id).microGrid;
		const building = buildings[0];
		const codes = await householdsOf(chief.page, chief.communityId, building.id);
		const title = `消防通道排查 ${Date.now().toString(36)}`;
		const taskId = await dispatch(chief, title, [building.id]);

		await page.goto(`/tasks/${taskId}?b=${building.id}`);
		const first = page.getByTestId(`door-${codes[0]}`);
		await expect(first).toBeVisible();
		await page.context().setOffline(true);
		await expect(page.getByTestId('sync-status')).toHaveAttribute('data-state', 'offline');
		await first.click();
		await expect(first).toHaveAttribute('data-status', 'visited');
		await expect(first).toHaveAttribute('data-stored', 'false');

		const move = (microGridId: string) =>
			chief.page.request.patch(`/api/communities/${chief.communityId}/buildings/${building.id}`, { data: { microGridId, confirm: true } });
		try {
			expect((await move(elsewhere.id)).ok(), 'chief1 moves the building to another micro-grid').toBe(true);
			await page.context().setOffline(false);
			const notice = page.getByTestId('sync-refusal');
			// Back online, the provider reconnects after its backoff, which on a loaded machine took over 5 s.
			await expect(notice).toContainText(`您在「${title}」记录的`, { timeout: 20_000 });
			await expect(notice).toContainText(`${building.label} 进度没有保存：这栋楼已不在您负责的微网格。请联系网格长。`);
			// The local copy is replaced by the server's; the report stays.
			await expect.poll(async () => (await chiefSees(chief, taskId))?.marks[building.id]?.[codes[0]] ?? null).toBeNull();
			await expect
				.poll(async () => {
					const marks = await marksOf(page, taskId, building.id);
					return marks ? codes[0] in marks : 'not loaded';
				})
				.toBe(false);
			await expect(notice).toContainText(title);
		} finally {
			await page.context().setOffline(false);
			expect((await move(microGrid.id)).ok(), 'the building goes back to its micro-grid').toBe(true);
			await chief.context.close();
		}
	});
});
