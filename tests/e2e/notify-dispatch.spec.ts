import fs from 'node:fs';
import path from 'node:path';
import type { Page, TestInfo } from '@playwright/test';
import { FakeRobotPlatform, type ReceivedRequest } from '../fixtures/fake-robot';
import { expect, hydrated, signIn, test } from './fixtures';

/**
 * Issue 15 end to end: chief1's grid group has a 企业微信 robot (a fake 企业微信 on the loopback).
 * chief1 dispatches tonight's check on its phone; the group receives the markdown message with
 * the due time, the buildings per liaison and a link that opens the task, then the text message
 * that @-mentions the liaisons by phone. A roll-call reminder from the board reaches the group
 * naming only those who have not acknowledged.
 */
test.use({ timezoneId: 'Asia/Shanghai' });

let fake: FakeRobotPlatform;
test.beforeAll(async () => {
	fake = await new FakeRobotPlatform().start();
});
test.afterAll(async () => {
	await fake?.stop();
});

type Me = { memberships: { role: string; communityId: string | null; gridId: string | null }[] };
type Feature = { id: string; properties: { kind: string; gridId?: string | null; microGridId?: string | null } };

async function shot(page: Page, testInfo: TestInfo, name: string) {
	const file = path.join('test-reports', 'screenshots', `notify-dispatch-${name}.png`);
	fs.mkdirSync(path.dirname(file), { recursive: true });
	await page.screenshot({ path: file });
	await testInfo.attach(`notify-dispatch-${name}.png`, { path: file, contentType: 'image/png' });
}

const markdownOf = (request: ReceivedRequest) => (request.body as { markdown?: { content?: string } }).markdown?.content ?? '';

test('a task chief1 dispatches reaches the grid\'s 企业微信 group with a working link, and so does the roll call', async ({ page }, testInfo) => {
	test.setTimeout(120_000);
	await page.setViewportSize({ width: 390, height: 844 });
	await signIn(page, 'chief1');
	const me = (await (await page.request.get('/api/me')).json()) as Me;
	const chief = me.memberships.find((m) => m.role === 'chief' && m.gridId)!;
	const key = `dispatch${Date.now()}`;
	const created = await page.request.post('/api/notify/robots', {
		data: { scope: 'grid', gridId: chief.gridId, platform: 'wecom', name: '一网格工作群', webhookUrl: fake.url('/cgi-bin/webhook/send', `key=${key}`) }
	});
	expect(created.status()).toBe(201);
	const robotId = ((await created.json()) as { id: string }).id;

	const features = ((await (await page.request.get(`/api/communities/${chief.communityId}/map`)).json()) as { features: Feature[] }).features;
	const microGridId = features.find((f) => f.properties.kind === 'building' && f.properties.gridId === chief.gridId && f.properties.microGridId)!.properties.microGridId!;

	const title = `消防通道排查 ${Date.now() % 100000}`;
	await page.goto('/tasks/new');
	await hydrated(page);
	await page.getByTestId('task-template-check').click();
	await page.getByLabel('标题', { exact: true }).fill(title);
	await page.getByTestId('due-tonight').click();
	await page.getByTestId(`scope-micro-${microGridId}`).check();
	await page.getByTestId('task-dispatch').click();
	await page.waitForURL(/\/tasks\/t[0-9a-f]{16}$/);
	const taskId = new URL(page.url()).pathname.split('/').pop()!;

	// The group hears of it: the markdown, then the mentions.
	const ours = () => fake.to(key).filter((r) => JSON.stringify(r.body).includes(title));
	await expect.poll(() => ours().length, { timeout: 30_000, message: 'the group message and its mentions' }).toBe(2);
	const [markdown, mentions] = ours();
	expect((markdown.body as { msgtype: string }).msgtype).toBe('markdown');
	const content = markdownOf(markdown);
	expect(content).toContain(`**新任务：${title}**`);
	expect(content).toMatch(/\*\*截止时间\*\*：\d{1,2}月\d{1,2}日 22:00/);
	expect(content).toContain('**楼栋分工**');
	expect(content).toMatch(/\*\*[^*]+\*\*：\d+号楼/);
	const link = /\[打开网格通查看\]\(([^)]+)\)/.exec(content)![1];
	expect(new URL(link).pathname).toBe(`/tasks/${taskId}`);
	const text = mentions.body as { msgtype: string; text: { content: string; mentioned_mobile_list: string[] } };
	expect(text.msgtype).toBe('text');
	expect(text.text.mentioned_mobile_list.length).toBeGreaterThan(0);
	for (const phone of text.text.mentioned_mobile_list) expect(phone).toMatch(/^1\d{10}$/);

	// The link works: it opens the task's board.
	await page.goto(link);
	await hydrated(page);
	await expect(page.getByRole('heading', { name: title })).toBeVisible();
	await shot(page, testInfo, 'board-phone');

	// Nobody has acknowledged yet: 提醒全部 reaches the group naming them.
	await page.getByTestId('remind-all').click();
	const reminders = () => fake.to(key).filter((r) => markdownOf(r).includes(`请确认收到：${title}`));
	await expect.poll(() => reminders().length, { timeout: 30_000, message: 'the roll-call reminder' }).toBe(1);
	expect(markdownOf(reminders()[0])).toMatch(/\*\*[^*]+\*\*/);

	expect((await page.request.delete(`/api/notify/robots/${robotId}`)).status()).toBe(204);
});
