import type { Page } from '@playwright/test';
import { browserKeys, decryptPush, FakePushService, verifiedVapid } from '../fixtures/fake-push-service';
import { expect, hydrated, signIn, test } from './fixtures';
import { communityOf, dispatchTask, getJson, liaisonArea, signInElsewhere, type Me } from './live-helpers';
import { notificationsShown, packagedChromiumDeniesNotifications } from './chromium';
import { deliverPushUntilShown, shownNotifications, standInForThePushService } from './push-helpers';

// Web Push needs the service worker, which most specs leave out (playwright.config.ts).
test.use({ serviceWorkers: 'allow' });

/**
 * Phone notifications end to end: liaison01 turns them on, the server pushes through a push
 * service, the push decrypts to the notification, and the app's service worker shows it.
 */

const phone = { width: 390, height: 844 };
test.use({ viewport: phone });

/** Turns quiet hours off (an earlier test may have done so already) and waits until the server has them. */
async function quietHoursOff(page: Page) {
	const quiet = page.getByLabel('夜间免打扰');
	if (!(await quiet.isChecked())) return;
	await quiet.uncheck();
	await expect(page.getByRole('status').filter({ hasText: '已保存' })).toBeVisible();
}

test('liaison01 turns on notifications; a push through the server shows on the phone with its link', async ({ page, context, baseURL }) => {
	test.skip(!notificationsShown(), packagedChromiumDeniesNotifications);
	test.setTimeout(90_000);
	const service = await new FakePushService().start();
	try {
		const keys = browserKeys();
		const endpoint = service.endpoint('liaison01-phone');
		await context.grantPermissions(['notifications']);
		await standInForThePushService(context, endpoint, keys);

		await signIn(page, 'liaison01');
		await page.goto('/notifications');
		await hydrated(page);
		await expect(page.getByText('本机未开启通知')).toBeVisible();
		await page.getByRole('button', { name: '开启通知' }).click();
		await expect(page.getByText('本机已开启通知')).toBeVisible({ timeout: 15_000 });
		// The device list has this phone, marked as this device.
		await expect(page.locator('[data-push-device]').filter({ hasText: '本机' })).toHaveCount(1);

		// Quiet hours off, as a liaison on a night shift would; saved on the server.
		await quietHoursOff(page);

		// The server pushes to the stored subscription: web-push encrypts for the phone's keys, signs with VAPID.
		await page.getByRole('button', { name: '发送测试通知' }).click();
		await expect(page.getByText('已发送，请查看手机的通知栏。')).toBeVisible();
		// Other notices for liaison01 may reach this phone too (the notifier runs all along): the test push by its tag.
		const testPushes = () => service.to(endpoint).filter((push) => JSON.parse(decryptPush(push.body, keys)).tag === 'push-test');
		await expect.poll(() => testPushes().length).toBe(1);
		const [push] = testPushes();
		const serverKey = await page.evaluate(() => localStorage.getItem('e2e-push-stand-in'));
		const vapid = verifiedVapid(push.headers.authorization);
		expect(vapid?.publicKey).toBe(serverKey);
		expect(vapid?.claims.aud).toBe(service.origin);
		const payloadText = decryptPush(push.body, keys);
		const payload = JSON.parse(payloadText);
		expect(payload).toEqual({ title: '网格通测试通知', body: '收到这条通知，说明这台设备的手机通知已经开启。', url: `${baseURL}/notifications`, tag: 'push-test', urgent: false });

		// The push service hands the decrypted push to the browser: DevTools delivers it to the app's service worker.
		await deliverPushUntilShown(context, page, baseURL!, payloadText, 'push-test');
		expect((await shownNotifications(page)).filter((n) => n.tag === 'push-test')).toEqual([{ title: payload.title, body: payload.body, tag: 'push-test', data: { url: `${baseURL}/notifications` }, requireInteraction: false }]);

		// A hostile payload (not from our server) cannot make a tap open another site.
		await deliverPushUntilShown(context, page, baseURL!, JSON.stringify({ title: '假通知', body: '点我', url: 'https://evil.example/phish', tag: 'hostile', urgent: true }), 'hostile');
		expect((await shownNotifications(page)).find((n) => n.tag === 'hostile')).toEqual({ title: '假通知', body: '点我', tag: 'hostile', data: { url: `${baseURL}/` }, requireInteraction: true });

		// Turning off: the server forgets this phone; on again, then signing out forgets it too.
		const thisPhone = page.locator('[data-push-device]').filter({ hasText: '本机' });
		await page.getByRole('button', { name: '关闭' }).click();
		await expect(page.getByText('本机未开启通知')).toBeVisible();
		await expect(thisPhone).toHaveCount(0);
		await page.getByRole('button', { name: '开启通知' }).click();
		await expect(thisPhone).toHaveCount(1);
		const devices = await page.locator('[data-push-device]').count();
		await page.getByRole('button', { name: '退出登录' }).click();
		await page.waitForURL('**/login');
		await signIn(page, 'liaison01');
		await page.goto('/notifications');
		await hydrated(page);
		await expect(page.getByText('本机未开启通知')).toBeVisible();
		await expect(page.locator('[data-push-device]')).toHaveCount(devices - 1);
	} finally {
		await service.stop();
	}
});

test('a task chief1 dispatches over liaison01\'s buildings reaches liaison01\'s lock screen, a tap away from the task', async ({ page, context, browser, baseURL, pageErrors }) => {
	test.skip(!notificationsShown(), packagedChromiumDeniesNotifications);
	test.setTimeout(90_000);
	const service = await new FakePushService().start();
	try {
		const keys = browserKeys();
		const endpoint = service.endpoint('liaison01-task');
		await context.grantPermissions(['notifications']);
		await standInForThePushService(context, endpoint, keys);
		await signIn(page, 'liaison01');
		const liaisonMe = await getJson<Me>(page, '/api/me');
		await page.goto('/notifications');
		await hydrated(page);
		await page.getByRole('button', { name: '开启通知' }).click();
		await expect(page.getByText('本机已开启通知')).toBeVisible({ timeout: 15_000 });
		// Whatever the hour the test runs at: no quiet hours for this liaison.
		await quietHoursOff(page);

		const chief = await signInElsewhere(browser, 'chief1', pageErrors);
		const { structure } = await communityOf(chief.page, chief.me);
		const scope = liaisonArea(structure, chief.me.id, liaisonMe.id).buildings.map((b) => b.id);
		const title = `燃气安全排查 ${Date.now().toString(36)}`;
		const taskId = await dispatchTask(chief.page, { title, createdBy: chief.me.id, dueInHours: 6, scope });
		await chief.context.close();

		// The notifier plans the notice, fans it out to liaison01's subscription and sends it.
		const forTask = () => service.to(endpoint).map((push) => JSON.parse(decryptPush(push.body, keys))).filter((payload) => payload.tag === `task-${taskId}`);
		await expect.poll(() => forTask().length, { timeout: 30_000 }).toBe(1);
		const [payload] = forTask();
		expect(payload).toMatchObject({ title: `新任务：${title}`, url: `${baseURL}/tasks/${taskId}`, urgent: false });
		expect(payload.body).toContain('截止');

		// The service worker has been idle through the dispatch and Chromium stops idle workers: the push starts it again.
		await deliverPushUntilShown(context, page, baseURL!, JSON.stringify(payload), `task-${taskId}`);
		expect((await shownNotifications(page)).find((n) => n.tag === `task-${taskId}`)).toEqual({ title: payload.title, body: payload.body, tag: `task-${taskId}`, data: { url: `${baseURL}/tasks/${taskId}` }, requireInteraction: false });

		await page.getByRole('button', { name: '关闭' }).click();
		await expect(page.getByText('本机未开启通知')).toBeVisible();
	} finally {
		await service.stop();
	}
});

test('a browser without Web Push says so plainly and points to the group robot', async ({ page, context }) => {
	await context.addInitScript(() => {
		delete (window as { PushManager?: unknown }).PushManager;
	});
	await signIn(page, 'liaison01');
	await page.goto('/notifications');
	await hydrated(page);
	await expect(page.getByText('这个浏览器不能接收通知')).toBeVisible();
	const help = page.locator('[data-push-help="unsupported"]');
	await expect(help).toContainText('不支持网页推送');
	await expect(help).toContainText('群机器人');
	await expect(page.getByRole('button', { name: '开启通知' })).toHaveCount(0);
});

test.describe('on an iPhone, in Safari rather than from the home screen', () => {
	test.use({ userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1' });

	test('the settings explain adding to the home screen first, and the group robot', async ({ page }) => {
		await signIn(page, 'liaison01');
		await page.goto('/notifications');
		await hydrated(page);
		const help = page.locator('[data-push-help="ios"]');
		await expect(help).toContainText('添加到主屏幕');
		await expect(help).toContainText('iOS 16.4');
		await expect(help).toContainText('群机器人');
		await expect(page.getByRole('button', { name: '开启通知' })).toHaveCount(0);
	});
});
