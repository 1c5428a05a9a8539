import { browserKeys, decryptPush, FakePushService, verifiedVapid } from '../fixtures/fake-push-service';
import { expect, hydrated, signIn, test } from './fixtures';
import { deliverPush, shownNotifications, standInForThePushService } from './push-helpers';

/**
 * Phone notifications end to end: liaison01 turns them on, the server pushes through a push
 * service, the push decrypts to the notification, and the app's service worker shows it.
 */

const phone = { width: 390, height: 844 };
test.use({ viewport: phone });

test('liaison01 turns on notifications; a push through the server shows on the phone with its link', async ({ page, context, baseURL }) => {
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
		await page.getByLabel('夜间免打扰').uncheck();
		await expect(page.getByRole('status').filter({ hasText: '已保存' })).toBeVisible();

		// The server pushes to the stored subscription: web-push encrypts for the phone's keys, signs with VAPID.
		await page.getByRole('button', { name: '发送测试通知' }).click();
		await expect(page.getByText('已发送，请查看手机的通知栏。')).toBeVisible();
		await expect.poll(() => service.to(endpoint).length).toBe(1);
		const [push] = service.to(endpoint);
		const serverKey = await page.evaluate(() => localStorage.getItem('e2e-push-stand-in'));
		const vapid = verifiedVapid(push.headers.authorization);
		expect(vapid?.publicKey).toBe(serverKey);
		expect(vapid?.claims.aud).toBe(service.origin);
		const payloadText = decryptPush(push.body, keys);
		const payload = JSON.parse(payloadText);
		expect(payload).toEqual({ title: '网格通测试通知', body: '收到这条通知，说明这台设备的手机通知已经开启。', url: `${baseURL}/notifications`, tag: 'push-test', urgent: false });

		// The push service hands the decrypted push to the browser: DevTools delivers it to the app's service worker.
		await deliverPush(context, page, baseURL!, payloadText);
		await expect
			.poll(() => shownNotifications(page))
			.toEqual([{ title: payload.title, body: payload.body, tag: 'push-test', data: { url: `${baseURL}/notifications` }, requireInteraction: false }]);

		// A hostile payload (not from our server) cannot make a tap open another site.
		await deliverPush(context, page, baseURL!, JSON.stringify({ title: '假通知', body: '点我', url: 'https://evil.example/phish', tag: 'hostile', urgent: true }));
		await expect
			.poll(async () => (await shownNotifications(page)).find((n) => n.tag === 'hostile'))
			.toEqual({ title: '假通知', body: '点我', tag: 'hostile', data: { url: `${baseURL}/` }, requireInteraction: true });

		// Turning off: the server forgets this phone; on again, then signing out forgets it too.
		await page.getByRole('button', { name: '关闭' }).click();
		await expect(page.getByText('本机未开启通知')).toBeVisible();
		await expect(page.getByText('还没有设备开启通知。')).toBeVisible();
		await page.getByRole('button', { name: '开启通知' }).click();
		await expect(page.locator('[data-push-device]')).toHaveCount(1);
		await page.getByRole('button', { name: '退出登录' }).click();
		await page.waitForURL('**/login');
		await signIn(page, 'liaison01');
		await page.goto('/notifications');
		await hydrated(page);
		await expect(page.getByText('本机未开启通知')).toBeVisible();
		await expect(page.getByText('还没有设备开启通知。')).toBeVisible();
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
