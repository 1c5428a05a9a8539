import fs from 'node:fs';
import path from 'node:path';
import type { Page, TestInfo } from '@playwright/test';
import { FakeRobotPlatform } from '../fixtures/fake-robot';
import { expect, hydrated, signIn, test } from './fixtures';

/**
 * Group robots end to end: the secretary on a laptop and chief1 on a phone each add a 企业微信
 * robot pointing at a fake 企业微信 on the loopback, see its address masked, send a test
 * message, rename it and remove it.
 */
// The wrong address on purpose: Chromium logs the 400 answer to fetch as a console error.
test.use({ timezoneId: 'Asia/Shanghai', expectedConsoleErrors: [/status of 400 .*\/api\/notify\/robots/] });

const phone = { width: 390, height: 844 };
const laptop = { width: 1366, height: 900 };

let fake: FakeRobotPlatform;
let fakeOrigin: string;
test.beforeAll(async () => {
	fake = await new FakeRobotPlatform().start();
	fakeOrigin = `http://127.0.0.1:${fake.port}`;
});
test.afterAll(async () => {
	await fake?.stop();
});

async function shot(page: Page, testInfo: TestInfo, name: string) {
	const file = path.join('test-reports', 'screenshots', `notify-${name}.png`);
	fs.mkdirSync(path.dirname(file), { recursive: true });
	await page.screenshot({ path: file, fullPage: true });
	await testInfo.attach(`notify-${name}.png`, { path: file, contentType: 'image/png' });
}

async function expectNoHorizontalScroll(page: Page) {
	await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
}

const runs = [
	{ username: 'secretary', viewport: laptop, device: 'desktop', group: 'community' },
	{ username: 'chief1', viewport: phone, device: 'phone', group: 'grid' }
] as const;

for (const run of runs) {
	test(`${run.username} on a ${run.device} adds a 企业微信 robot, tests, renames and removes it`, async ({ page }, testInfo) => {
		test.setTimeout(90_000);
		await page.setViewportSize(run.viewport);
		await signIn(page, run.username);
		await hydrated(page);
		if (run.device === 'phone') await page.getByTestId('nav-notifications-phone').click();
		else await page.getByRole('navigation').getByRole('link', { name: '通知' }).click();
		await expect(page).toHaveURL('/notifications');
		await expect(page.getByRole('heading', { name: '消息通知', level: 1 })).toBeVisible();
		await expect(page.getByRole('heading', { name: '手机通知' })).toBeVisible();
		await expect(page.getByRole('heading', { name: '群机器人' })).toBeVisible();
		await hydrated(page);
		// The e2e server runs without ORIGIN: links in messages would name its loopback address.
		await expect(page.getByTestId('robot-origin-warning')).toContainText('请设置 ORIGIN 为手机可以访问的地址');
		await shot(page, testInfo, `${run.device}-page`);

		const key = `e2e${run.username}Key${Date.now()}`;
		const name = `${run.username}的工作群`;
		await page.getByTestId('robot-add').click();
		const form = page.getByTestId('robot-form');
		await expect(form).toBeVisible();
		await expect(form.getByTestId('robot-hint')).toContainText('群设置 → 群机器人 → 添加 → 复制 Webhook 地址');
		if (run.group === 'community') await form.getByTestId('robot-scope').selectOption({ label: '乐雅社区' });
		await expect(form.getByTestId('robot-secret')).toHaveCount(0);
		await form.getByTestId('robot-platform-dingtalk').check({ force: true });
		await expect(form.getByTestId('robot-hint')).toContainText('加签');
		await expect(form.getByTestId('robot-secret')).toBeVisible();
		await form.getByTestId('robot-platform-wecom').check({ force: true });
		await form.getByTestId('robot-name').fill(name);
		// A wrong address first: the server says where the right one comes from.
		await form.getByTestId('robot-url').fill('http://169.254.169.254/latest/meta-data/');
		await form.getByTestId('robot-save').click();
		await expect(form.getByTestId('robot-form-error')).toContainText('https://qyapi.weixin.qq.com/');
		await form.getByTestId('robot-url').fill(`${fakeOrigin}/cgi-bin/webhook/send?key=${key}`);
		await shot(page, testInfo, `${run.device}-form`);
		await form.getByTestId('robot-save').click();
		await expect(form).toBeHidden();

		const card = page.getByTestId('robot-card').filter({ hasText: name });
		await expect(card).toHaveCount(1);
		await expect(page.getByTestId(`robot-group-${run.group}`).getByTestId('robot-card').filter({ hasText: name })).toHaveCount(1);
		await expect(card.getByTestId('robot-masked-url')).toHaveText(`${fakeOrigin}/cgi-bin/webhook/send?key=••••${key.slice(-4)}`);
		expect(await page.content()).not.toContain(key);
		await expect(card.getByTestId('robot-counts')).toContainText('已发送 0');

		await card.getByTestId('robot-test').click();
		await expect(card.getByTestId('robot-test-result')).toContainText('测试消息已发出');
		await expect(card.getByTestId('robot-test-result')).toHaveAttribute('data-ok', 'true');
		// Other specs' tasks may reach the grid's group meanwhile: only the test message counts here.
		const tests = fake.to(key).filter((r) => r.raw.includes('群机器人已连通'));
		expect(tests).toHaveLength(1);
		expect(tests[0].body).toMatchObject({ msgtype: 'markdown' });
		// The link in the message opens the app.
		const link = /\((http:\/\/127\.0\.0\.1:\d+\/notifications)\)/.exec(tests[0].raw)![1];
		expect((await page.request.get(link)).status()).toBe(200);
		await expectNoHorizontalScroll(page);
		await shot(page, testInfo, `${run.device}-robot`);

		await card.getByTestId('robot-edit').click();
		await expect(form).toBeVisible();
		await expect(form.getByTestId('robot-url')).toHaveValue('');
		await form.getByTestId('robot-name').fill(`${name}（新）`);
		await form.getByTestId('robot-save').click();
		await expect(form).toBeHidden();
		const renamed = page.getByTestId('robot-card').filter({ hasText: `${name}（新）` });
		await expect(renamed).toHaveCount(1);
		await expect(renamed.getByTestId('robot-masked-url')).toHaveText(`${fakeOrigin}/cgi-bin/webhook/send?key=••••${key.slice(-4)}`);

		await renamed.getByTestId('robot-delete').click();
		await expect(page.getByRole('alertdialog')).toContainText(`删除群机器人“${name}（新）”？`);
		await shot(page, testInfo, `${run.device}-delete`);
		await page.getByTestId('robot-delete-confirm').click();
		await expect(page.getByTestId('robot-card').filter({ hasText: name })).toHaveCount(0);
	});
}

test('a liaison sees phone notifications only, without the robots', async ({ page }, testInfo) => {
	await page.setViewportSize(phone);
	await signIn(page, 'liaison01');
	await page.goto('/notifications');
	await expect(page.getByRole('heading', { name: '消息通知', level: 1 })).toBeVisible();
	await expect(page.getByTestId('notify-phone')).toBeVisible();
	await expect(page.getByTestId('robot-settings')).toHaveCount(0);
	await expectNoHorizontalScroll(page);
	await shot(page, testInfo, 'phone-liaison');
});
