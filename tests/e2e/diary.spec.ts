import type {} from '../../src/lib/client/offline/offline-shell';
import { expect, hydrated, offlineNoise, test } from './fixtures';
import { getJson, offlineReady, signInElsewhere, signInLive } from './live-helpers';

// Offline reloads need the service worker, which most specs leave out (playwright.config.ts).
test.use({ serviceWorkers: 'allow' });

/**
 * The work diary on a liaison's phone in a stairwell: liaison01 opens its diary online, loses the
 * signal, reloads the page (from the service worker's copy), writes an entry and marks the day
 * done with no signal (kept on the phone, marked 待发送, still there after another reload), and
 * when the signal comes back both reach the server once: chief1 reads the entry in the diary and
 * sees the day done in the list of diaries.
 */

type Day = { date: string; communityId: string; done: boolean; entries: { id: string; problem: string; action: string; result: string }[] };
type Team = { liaisons: { userId: string; done: boolean; entries: number }[] };

const phone = { width: 390, height: 844 };

test('a diary entry written with no signal reaches the chief once the signal is back', async ({ page: chief, browser, pageErrors, liaisonBaseURL }) => {
	test.setTimeout(120_000);
	await signInLive(chief, 'chief1');
	const { context, page: liaison, me } = await signInElsewhere(browser, 'liaison01', pageErrors, {
		contextOptions: { viewport: phone, baseURL: liaisonBaseURL },
		ignore: offlineNoise
	});

	// Online once: the diary page (and its data) are kept by the service worker.
	await offlineReady(liaison);
	await liaison.goto('/diary');
	await hydrated(liaison);
	await expect(liaison.getByTestId('diary-title')).toHaveText('工作日志');
	await offlineReady(liaison);
	const date = await liaison.getByTestId('diary-day').getAttribute('data-date');
	expect(date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
	await expect(liaison.getByTestId('diary-entries-empty')).toBeVisible();

	// No signal: the page reloads from the copy, and the entry is kept on the phone.
	await context.setOffline(true);
	await liaison.reload();
	await hydrated(liaison);
	await expect(liaison.getByTestId('diary-day')).toHaveAttribute('data-date', date!);
	await liaison.getByTestId('entry-add').click();
	const sheet = liaison.getByTestId('entry-sheet');
	await sheet.getByTestId('entry-problem').fill('5单元楼道堆放纸箱，影响通行');
	await sheet.getByTestId('entry-action').fill('联系住户当天清理');
	await sheet.getByTestId('entry-result').fill('已清理，住户表示理解');
	await sheet.getByTestId('entry-save').click();
	await expect(sheet).toBeHidden();
	const entry = liaison.getByTestId('diary-entry');
	await expect(entry).toHaveCount(1);
	await expect(entry).toHaveAttribute('data-sync', 'waiting');
	await expect(entry.getByTestId('entry-pending')).toHaveText('待发送');
	await liaison.getByTestId('diary-mark-done').click();
	await liaison.getByTestId('done-confirm').click();
	await expect(liaison.getByTestId('diary-done')).toHaveAttribute('data-pending', 'true');
	await expect(liaison.getByTestId('sync-status')).toHaveAttribute('data-pending', '2');

	// Reloaded again with no signal: still there, still waiting; nothing reached the server.
	await liaison.reload();
	await hydrated(liaison);
	await expect(entry).toHaveAttribute('data-sync', 'waiting');
	await expect(entry).toContainText('5单元楼道堆放纸箱，影响通行');
	await expect(liaison.getByTestId('diary-done')).toBeVisible();
	const before = await getJson<Day>(chief, `/api/diaries?userId=${me.id}&date=${date}`);
	expect([before.entries, before.done]).toEqual([[], false]);

	// Signal again: sent once, and the phone shows it as the server's.
	await context.setOffline(false);
	await expect(entry).toHaveAttribute('data-sync', 'synced', { timeout: 20_000 });
	await expect(liaison.getByTestId('diary-done')).toHaveAttribute('data-pending', 'false');
	const after = await getJson<Day>(chief, `/api/diaries?userId=${me.id}&date=${date}`);
	expect(after.done).toBe(true);
	expect(after.entries.map(({ problem, action, result }) => ({ problem, action, result }))).toEqual([
		{ problem: '5单元楼道堆放纸箱，影响通行', action: '联系住户当天清理', result: '已清理，住户表示理解' }
	]);

	// The chief sees it: the day is done in the list, and the entry is in the diary.
	await chief.goto(`/diary/team?date=${date}`);
	const row = chief.locator(`[data-testid="team-row"][data-user="${me.id}"]`);
	await expect(row).toHaveAttribute('data-done', 'true');
	await row.getByRole('link').click();
	// The link keeps the community the list is of (a liaison may serve in two).
	await expect(chief).toHaveURL(`/diary/${me.id}/${date}?community=${encodeURIComponent(after.communityId)}`);
	await expect(chief.getByTestId('diary-entry')).toContainText('5单元楼道堆放纸箱，影响通行');
	await expect(chief.getByTestId('diary-done')).toBeVisible();
	expect((await getJson<Team>(chief, `/api/diaries/team?date=${date}`)).liaisons.find((l) => l.userId === me.id)?.entries).toBe(1);
	await context.close();
});
