import path from 'node:path';
import type { Page, TestInfo } from '@playwright/test';
import { expect, expectNoHorizontalScroll, loginTexts, signIn, test, type Lang } from './fixtures';

const phone = { width: 390, height: 844 };
const desktop = { width: 1280, height: 800 };

/** A page to check: how to get there and what must be on it once it is ready. */
type Target = {
	name: string;
	user?: string;
	heading: Record<Lang, string>;
	testId?: string;
};

const targets: Target[] = [
	{ name: 'login', heading: { 'zh-CN': loginTexts['zh-CN'].title, en: loginTexts.en.title } },
	{
		name: 'home-liaison01',
		user: 'liaison01',
		heading: { 'zh-CN': '我负责的微网格', en: 'My micro-grids' },
		testId: 'liaison-micro-grid'
	},
	{ name: 'home-chief1', user: 'chief1', heading: { 'zh-CN': '我的网格', en: 'My grid' }, testId: 'grid-card' },
	{
		name: 'home-secretary',
		user: 'secretary',
		heading: { 'zh-CN': '社区概况', en: 'Community overview' },
		testId: 'community-totals'
	}
];

const signOutLabel: Record<Lang, string> = { 'zh-CN': '退出登录', en: 'Sign out' };

async function open(page: Page, target: Target, lang: Lang) {
	if (lang !== 'zh-CN') {
		const { baseURL } = test.info().project.use;
		await page.context().addCookies([{ name: 'PARAGLIDE_LOCALE', value: lang, url: baseURL! }]);
	}
	if (target.user) await signIn(page, target.user, undefined, lang);
	else await page.goto('/login');
	await expect(page.locator('html')).toHaveAttribute('lang', lang);
	await expect(page.getByRole('heading', { name: target.heading[lang], exact: true })).toBeVisible();
	if (target.testId) await expect(page.getByTestId(target.testId).first()).toBeVisible();
}

async function screenshot(page: Page, testInfo: TestInfo, file: string) {
	const target = path.join(testInfo.project.outputDir, 'screens', file);
	await page.screenshot({ path: target, fullPage: true });
	await testInfo.attach(file, { path: target, contentType: 'image/png' });
}

test.describe('phone 390×844', () => {
	test.use({ viewport: phone, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });

	for (const lang of ['zh-CN', 'en'] as const) {
		for (const target of targets) {
			const name = lang === 'zh-CN' ? target.name : `${target.name}-${lang}`;
			test(`${name} fits the phone width`, async ({ page }, testInfo) => {
				await open(page, target, lang);
				await expectNoHorizontalScroll(page, phone.width);
				// The primary control is fully on screen horizontally.
				const control = target.user
					? page.getByRole('button', { name: signOutLabel[lang] })
					: page.getByRole('button', { name: loginTexts[lang].submit, exact: true });
				await expect(control).toBeInViewport({ ratio: 1 });
				await screenshot(page, testInfo, `${name}-phone.png`);
			});
		}
	}

	test('a chief’s bar keeps five places; the diary is under 更多 and stays in the bar while open', async ({ page }) => {
		await signIn(page, 'chief1');
		const nav = page.getByRole('navigation', { name: '菜单', exact: true });
		const barLinks = nav.getByRole('link').filter({ visible: true });
		await expect(barLinks).toHaveCount(4);
		await expect(nav.getByRole('link', { name: '日志' })).toBeHidden();
		await page.getByTestId('nav-more').click();
		await page.getByTestId('nav-more-list').getByRole('link', { name: '日志' }).click();
		await expect(page).toHaveURL(/\/diary\/team/);
		await expect(nav.getByRole('link', { name: '日志' })).toBeVisible();
		await expect(barLinks).toHaveCount(4);
		await expectNoHorizontalScroll(page, phone.width);
		expect(await nav.evaluate((element) => element.scrollWidth - element.clientWidth), 'the nav overflows').toBeLessThanOrEqual(0);
	});
});

test.describe('desktop 1280×800', () => {
	test.use({ viewport: desktop });

	for (const target of targets) {
		test(`${target.name} on desktop`, async ({ page }, testInfo) => {
			await open(page, target, 'zh-CN');
			await expectNoHorizontalScroll(page, desktop.width);
			await screenshot(page, testInfo, `${target.name}-desktop.png`);
		});
	}
});
