import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, hydrated, signIn, test } from './fixtures';

const phone = { width: 390, height: 844 };

/** Sign-in with a one-time password: it lands on the change page, not home. */
async function signInOnce(page: Page, username: string, password: string) {
	await page.goto('/login');
	await hydrated(page);
	await page.getByLabel('用户名').fill(username);
	await page.getByLabel('密码').fill(password);
	await page.getByRole('button', { name: '登录', exact: true }).click();
	await page.waitForURL('/account/password');
}

test.describe('password change after a one-time password, phone 390×844', () => {
	test.use({ viewport: phone, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });

	test('a new person signs in with the one-time password, must change it, and the other session is signed out', async ({ page, browser }, testInfo) => {
		const username = `zhoumin${testInfo.repeatEachIndex}`;
		await signIn(page, 'secretary');
		await page.goto('/people/new');
		await hydrated(page);
		await page.getByLabel('姓名').fill('周敏');
		await page.getByLabel('手机号').fill('15912340000');
		await page.getByLabel('用户名').fill(username);
		await page.locator('select[name=role]').selectOption('liaison');
		await page.locator('select[name=microGridId]').selectOption({ label: '第二网格第3微网格' });
		await page.getByRole('button', { name: '保存' }).click();
		const password = (await page.getByRole('dialog').getByTestId('initial-password').innerText()).trim();

		const phoneContext = await browser.newContext({ viewport: phone, isMobile: true, hasTouch: true, deviceScaleFactor: 2, locale: 'zh-CN' });
		const laptopContext = await browser.newContext({ locale: 'zh-CN' });
		const onPhone = await phoneContext.newPage();
		const onLaptop = await laptopContext.newPage();
		await signInOnce(onLaptop, username, password);
		await signInOnce(onPhone, username, password);

		// Every page leads back to the change page until it is done.
		await onPhone.goto('/tasks');
		await expect(onPhone).toHaveURL(/\/account\/password$/);
		await expect(onPhone.getByTestId('password-required')).toBeVisible();
		await hydrated(onPhone);

		await onPhone.getByLabel('当前密码').fill(password);
		await onPhone.getByLabel('新密码', { exact: true }).fill('zhou-2026-lane');
		await onPhone.getByLabel('再次输入新密码').fill('zhou-2026-lame');
		await onPhone.getByRole('button', { name: '保存新密码' }).click();
		await expect(onPhone.getByRole('alert')).toHaveText('两次输入的新密码不一致。');
		await onPhone.screenshot({ path: path.join('test-reports', 'screenshots', 'password-change-phone.png'), fullPage: true });

		await onPhone.getByLabel('当前密码').fill(password);
		await onPhone.getByLabel('新密码', { exact: true }).fill('zhou-2026-lane');
		await onPhone.getByLabel('再次输入新密码').fill('zhou-2026-lane');
		await onPhone.getByRole('button', { name: '保存新密码' }).click();
		await onPhone.waitForURL('/?password=changed');
		await expect(onPhone.getByTestId('password-changed')).toBeVisible();
		await expect(onPhone.getByRole('heading', { level: 2, name: '我负责的微网格' })).toBeVisible();

		// The laptop's session ended with the change.
		await onLaptop.goto('/tasks');
		await expect(onLaptop).toHaveURL(/\/login/);
		await signIn(onLaptop, username, 'zhou-2026-lane');
		await phoneContext.close();
		await laptopContext.close();
	});
});
