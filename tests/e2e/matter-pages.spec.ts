import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page, TestInfo } from '@playwright/test';
import { expect, hydrated, signIn, test, watchErrors } from './fixtures';
import { getJson, liaisonBuilding, type Me } from './live-helpers';

/**
 * Issue 14's matter pages end to end: liaison01 reports a stairwell problem and the secretary
 * routes it to the building's property company (both through the API, as their own screens
 * are built elsewhere); property1 on a phone finds it under 未签收, opens it, 签收 and reports
 * it 处置完成; liaison01's open list shows it under 待我核实 at once and it passes the check; the
 * timeline shows every step, and the company's page (which follows server-sent events, having
 * no live document) shows the matter closed without a reload.
 */
test.use({ timezoneId: 'Asia/Shanghai' });

const phone = { width: 390, height: 844 };

async function shot(page: Page, testInfo: TestInfo, name: string) {
	const file = path.join('test-reports', 'screenshots', `matter-pages-${name}.png`);
	fs.mkdirSync(path.dirname(file), { recursive: true });
	await page.screenshot({ path: file, fullPage: true });
	await testInfo.attach(`matter-pages-${name}.png`, { path: file, contentType: 'image/png' });
}

async function signedIn(browser: Browser, username: string, errors: string[]) {
	const context = await browser.newContext({ viewport: phone, timezoneId: 'Asia/Shanghai' });
	watchErrors(context, errors);
	const page = await context.newPage();
	await signIn(page, username);
	return { context, page };
}

test('a reported matter: routed, accepted and resolved by the company on its phone, verified by the liaison', async ({ page, browser, pageErrors }, testInfo) => {
	test.setTimeout(180_000);
	const description = `楼道堆放纸箱 ${Date.now()}`;

	// Setup through the API: liaison01 reports, the secretary routes to the building's company.
	const liaison = await signedIn(browser, 'liaison01', pageErrors);
	const me = await getJson<Me>(liaison.page, '/api/me');
	const communityId = me.memberships.find((m) => m.communityId)!.communityId!;
	const categories = await getJson<{ id: string; name: string }[]>(liaison.page, `/api/communities/${communityId}/matter-categories`);
	const reported = await liaison.page.request.post(`/api/communities/${communityId}/matters`, {
		data: {
			clientKey: `e2e-pages-${Date.now()}`,
			category: categories.find((c) => c.name === '楼道卫生')!.id,
			buildingId: await liaisonBuilding(liaison.page, communityId, me),
			description
		}
	});
	expect(reported.status()).toBe(201);
	const matterId = ((await reported.json()) as { id: string }).id;
	const secretary = await signedIn(browser, 'secretary', pageErrors);
	const routed = await secretary.page.request.post(`/api/matters/${matterId}/actions`, { data: { action: 'route', destination: { kind: 'property' } } });
	expect(routed.status()).toBe(200);
	await secretary.context.close();

	// property1 on its phone: the work queue opens on 未签收, with the new matter and the badge.
	await page.setViewportSize(phone);
	await signIn(page, 'property1');
	await expect(page.getByTestId('home-matters')).toBeVisible();
	await expect(page.getByTestId('nav-matter-badge')).toHaveText(/^[1-9]\d*$/);
	await page.goto('/matters');
	await hydrated(page);
	await expect(page.getByTestId('matters-tab-unaccepted')).toHaveAttribute('aria-current', 'page');
	const card = page.getByTestId(`matter-card-${matterId}`);
	await expect(card).toContainText(description);
	await expect(card).toContainText('房屋及楼道 · 楼道卫生');
	await expect(card.getByTestId('matter-stage')).toHaveText('已派遣·未签收');
	await expect(card.getByTestId('matter-routed-ago')).toBeVisible();
	await shot(page, testInfo, 'queue-phone');

	await card.click();
	await page.waitForURL(`/matters/${matterId}`);
	await hydrated(page);
	await expect(page.getByTestId('matter-handler')).toContainText('光明物业');
	await page.getByTestId('matter-do-accept').click();
	await expect(page.getByTestId('matter-facts').getByTestId('matter-stage')).toHaveText('处理中');

	// liaison01 has its list open on 待我核实: nothing of this matter yet.
	await liaison.page.goto('/matters?tab=to-verify');
	await hydrated(liaison.page);
	await expect(liaison.page.getByTestId('matters-tab-to-verify')).toHaveAttribute('aria-current', 'page');
	const waiting = liaison.page.getByTestId(`matter-card-${matterId}`);
	await expect(waiting).toHaveCount(0);

	await page.getByTestId('matter-do-resolve').click();
	await page.getByLabel('处置情况').fill('纸箱已清运，楼道已打扫');
	await shot(page, testInfo, 'resolve-phone');
	await page.getByTestId('matter-form-resolve').getByRole('button', { name: '处置完成' }).click();
	await expect(page.getByTestId('matter-facts').getByTestId('matter-stage')).toHaveText('已处置·待核实');
	await expect(page.getByTestId('matter-actions')).toHaveCount(0);

	// liaison01's list shows it without a reload (mattersVersion in its live document), and it passes the check.
	await expect(waiting.getByTestId('matter-stage')).toHaveText('已处置·待核实', { timeout: 15_000 });
	await expect(liaison.page.getByTestId('nav-matter-badge')).toHaveText(/^[1-9]\d*$/);
	await shot(liaison.page, testInfo, 'to-verify-phone');
	await waiting.click();
	await liaison.page.waitForURL(`/matters/${matterId}`);
	await hydrated(liaison.page);
	await liaison.page.getByTestId('matter-do-verify').click();
	await liaison.page.getByTestId('matter-verify-pass').click();
	await expect(liaison.page.getByTestId('matter-facts').getByTestId('matter-stage')).toHaveText('已结案');

	const steps = liaison.page.getByTestId('matter-event');
	await expect(steps).toHaveCount(5);
	expect(await steps.evaluateAll((items) => items.map((item) => (item as HTMLElement).dataset.action))).toEqual(['report', 'route', 'accept', 'resolve', 'verify']);
	await expect(steps.nth(1)).toContainText('派给 光明物业');
	await expect(steps.nth(3)).toContainText('纸箱已清运，楼道已打扫');
	await expect(steps.nth(4)).toContainText('核实通过');
	await shot(liaison.page, testInfo, 'closed-phone');
	await expect(page.getByTestId('matter-facts').getByTestId('matter-stage')).toHaveText('已结案', { timeout: 15_000 });
	await liaison.context.close();
});

test('on a phone the nav with 事项 still fits beside the sync status, in both languages', async ({ browser, baseURL, pageErrors }) => {
	for (const lang of ['zh-CN', 'en'] as const) {
		// A fresh context per language: nothing of the first sign-in (cookies, service worker) carries over.
		const context = await browser.newContext({ baseURL, viewport: phone, timezoneId: 'Asia/Shanghai' });
		watchErrors(context, pageErrors);
		if (lang === 'en') await context.addCookies([{ name: 'PARAGLIDE_LOCALE', value: 'en', url: baseURL! }]);
		const page = await context.newPage();
		await signIn(page, 'secretary', undefined, lang);
		await page.goto('/matters');
		await hydrated(page);
		await expect(page.getByTestId('sync-status')).toBeVisible();
		const nav = page.getByRole('navigation', { name: lang === 'en' ? 'Menu' : '菜单', exact: true }).first();
		expect(await nav.evaluate((element) => element.scrollWidth - element.clientWidth), `the nav overflows in ${lang}`).toBeLessThanOrEqual(0);
		expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
		await context.close();
	}
});
