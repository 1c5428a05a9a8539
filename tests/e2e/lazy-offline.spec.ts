import type { Request } from '@playwright/test';
import { expect, hydrated, offlineNoise, signIn, test } from './fixtures';

/**
 * The report sheet comes on demand (the home page's JavaScript budget). A phone whose service
 * worker is not installed yet cannot fetch it without signal: the tap then says why nothing
 * opened, instead of doing nothing; with the signal back the notice offers a reload, which
 * fetches it on every engine (older Chromium keeps a failed dynamic import failed).
 */
test.use({
	viewport: { width: 390, height: 844 },
	serviceWorkers: 'block',
	// The failed chunk request and the dropped sync socket are the point of this test. One
	// pattern: Playwright reads a list of two or more as [value, options].
	expectedConsoleErrors: [new RegExp([...offlineNoise, /Failed to fetch dynamically imported module|Failed to load resource/].map((noise) => noise.source).join('|'))]
});

test('a tap on 上报问题 whose sheet cannot be fetched says why; back online, a reload opens it', async ({ page, context }) => {
	// The tap comes before the idle prefetch has run (a phone busy loading, a quick thumb).
	await page.addInitScript(() => {
		window.requestIdleCallback = () => 0;
	});
	await signIn(page, 'liaison01');
	const dataLoads = new Set<Request>();
	page.on('request', (request) => request.url().includes('__data.json') && dataLoads.add(request));
	page.on('requestfinished', (request) => dataLoads.delete(request));
	page.on('requestfailed', (request) => dataLoads.delete(request));
	await page.goto('/');
	await hydrated(page);
	// The first sync of the live document brings its matters version, which reloads the page's
	// data once; losing the signal during that reload is another story than this one's.
	await expect(page.getByTestId('sync-status')).toHaveAttribute('data-state', 'online');
	await expect.poll(() => dataLoads.size).toBe(0);

	await context.setOffline(true);
	await page.getByTestId('report-open').click();
	const notice = page.getByTestId('lazy-unavailable');
	await expect(notice).toContainText('现在没有网络，打不开');
	await expect(notice.getByRole('button', { name: '重新加载' })).toHaveCount(0);
	await expect(page.getByTestId('report-sheet')).toHaveCount(0);
	await page.screenshot({ path: 'test-reports/screenshots/lazy-unavailable-phone.png' });
	await notice.getByRole('button', { name: '知道了' }).click();
	await expect(notice).toHaveCount(0);
	await page.getByTestId('report-open').click();
	await expect(notice).toBeVisible();

	await context.setOffline(false);
	await expect(notice).toContainText('网络已恢复，请重新加载页面');
	await notice.getByRole('button', { name: '重新加载' }).click();
	await hydrated(page);
	await page.getByTestId('report-open').click();
	await expect(page.getByTestId('report-sheet')).toBeVisible();
	await expect(notice).toHaveCount(0);
});
