/**
 * The exact requests each platform's group robot receives, against a fake platform on the
 * loopback: 企业微信 markdown (and the text message that @-mentions by phone), 钉钉 markdown with
 * `timestamp` and its HMAC-SHA256 `sign`, 飞书 cards with their signature; and how the platforms'
 * answers are read.
 */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RobotMessage } from '../../../src/lib/domain/notice-messages';
import { sendToRobot, type RobotRow } from '../../../src/lib/server/notify/robot-sender';
import { FakeRobotPlatform } from '../../fixtures/fake-robot';

let fake: FakeRobotPlatform;
const previousHosts = process.env.NOTIFY_ALLOWED_HOSTS;

beforeAll(async () => {
	fake = await new FakeRobotPlatform().start();
	process.env.NOTIFY_ALLOWED_HOSTS = '127.0.0.1';
});
afterAll(async () => {
	process.env.NOTIFY_ALLOWED_HOSTS = previousHosts ?? '';
	await fake.stop();
});

const message: RobotMessage = {
	kind: 'robot',
	title: '新任务：今晚入户排查',
	markdown: '截止：**12月4日 22:00**\n> 请各微网格联络员今晚进行相关排查\n**张三**：1号楼、2号楼',
	link: 'https://grid.example.cn/tasks/t1',
	mentions: ['13800000001', '13800000002']
};

function robot(platform: RobotRow['platform'], webhookUrl: string, signingSecret: string | null = null): RobotRow {
	const now = new Date();
	return { id: `r-${platform}`, scope: 'grid', communityId: 'c1', gridId: 'g1', orgId: null, platform, name: '一网格群', webhookUrl, signingSecret, createdBy: 'u1', createdAt: now, updatedAt: now };
}

const lastRequest = () => fake.received.at(-1)!;

describe('企业微信', () => {
	it('posts msgtype markdown with the title, the text and the link to the robot\'s key', async () => {
		const outcome = await sendToRobot(robot('wecom', fake.url('/cgi-bin/webhook/send', 'key=wecom-key-1')), message, 0, 2000);
		expect(outcome).toEqual({ ok: true });
		const request = lastRequest();
		expect(request.path).toBe('/cgi-bin/webhook/send');
		expect(request.query.get('key')).toBe('wecom-key-1');
		expect(request.headers['content-type']).toMatch(/^application\/json/);
		expect(Object.keys(request.body as object).sort()).toEqual(['markdown', 'msgtype']);
		const body = request.body as { msgtype: string; markdown: { content: string } };
		expect(body.msgtype).toBe('markdown');
		expect(body.markdown.content).toBe(`**${message.title}**\n${message.markdown}\n\n[打开网格通查看](${message.link})`);
	});

	it('follows with a text message that @-mentions by phone (part 1), since markdown cannot', async () => {
		await sendToRobot(robot('wecom', fake.url('/cgi-bin/webhook/send', 'key=wecom-key-1')), message, 1, 2000);
		expect(lastRequest().body).toEqual({
			msgtype: 'text',
			text: { content: `请以上人员查收：${message.title}`, mentioned_mobile_list: ['13800000001', '13800000002'] }
		});
	});

	it('cuts a long message below 4,096 bytes at a line and keeps the link', async () => {
		const long = { ...message, markdown: Array.from({ length: 400 }, (_, i) => `**联络员${i}**：${i}号楼、${i + 1}号楼`).join('\n') };
		await sendToRobot(robot('wecom', fake.url()), long, 0, 2000);
		const content = (lastRequest().body as { markdown: { content: string } }).markdown.content;
		expect(Buffer.byteLength(content)).toBeLessThanOrEqual(4096);
		expect(content).toContain('……');
		expect(content.endsWith(`[打开网格通查看](${message.link})`)).toBe(true);
	});
});

describe('钉钉', () => {
	it('signs with timestamp and HMAC-SHA256 sign, and @-mentions with atMobiles and @phone in the text', async () => {
		const secret = 'SEC0123456789abcdef';
		const before = Date.now();
		const outcome = await sendToRobot(robot('dingtalk', fake.url('/robot/send', 'access_token=ding-token-1'), secret), message, 0, 2000);
		expect(outcome).toEqual({ ok: true });
		const request = lastRequest();
		expect(request.path).toBe('/robot/send');
		expect(request.query.get('access_token')).toBe('ding-token-1');
		const timestamp = Number(request.query.get('timestamp'));
		expect(timestamp).toBeGreaterThanOrEqual(before);
		expect(timestamp).toBeLessThanOrEqual(Date.now());
		expect(request.query.get('sign')).toBe(createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64'));
		// The sign is URL-encoded in the query (base64 carries + and /).
		expect(request.path + '?' + request.query.toString()).not.toContain(' ');
		const body = request.body as { msgtype: string; markdown: { title: string; text: string }; at: { atMobiles: string[]; isAtAll: boolean } };
		expect(Object.keys(body).sort()).toEqual(['at', 'markdown', 'msgtype']);
		expect(body.msgtype).toBe('markdown');
		expect(body.markdown.title).toBe(message.title);
		expect(body.markdown.text).toContain(message.markdown);
		expect(body.markdown.text).toContain('@13800000001 @13800000002');
		expect(body.at).toEqual({ atMobiles: ['13800000001', '13800000002'], isAtAll: false });
	});

	it('sends no timestamp or sign for a robot without a signing secret', async () => {
		await sendToRobot(robot('dingtalk', fake.url('/robot/send', 'access_token=ding-token-2')), message, 0, 2000);
		expect(lastRequest().query.has('sign')).toBe(false);
		expect(lastRequest().query.has('timestamp')).toBe(false);
	});
});

describe('飞书', () => {
	it('posts an interactive card with a markdown element, signed in the body', async () => {
		const secret = 'feishu-secret';
		const outcome = await sendToRobot(robot('feishu', fake.url('/open-apis/bot/v2/hook/feishu-token-1', '')), message, 0, 2000);
		expect(outcome).toEqual({ ok: true });
		await sendToRobot(robot('feishu', fake.url('/open-apis/bot/v2/hook/feishu-token-1', ''), secret), message, 0, 2000);
		const body = lastRequest().body as { timestamp: string; sign: string; msg_type: string; card: { header: { title: { content: string } }; elements: { tag: string; content: string }[] } };
		expect(body.msg_type).toBe('interactive');
		expect(body.card.header.title.content).toBe(message.title);
		expect(body.card.elements[0]).toEqual({ tag: 'markdown', content: `${message.markdown}\n\n[打开网格通查看](${message.link})` });
		expect(Math.abs(Number(body.timestamp) - Date.now() / 1000)).toBeLessThan(5);
		expect(body.sign).toBe(createHmac('sha256', `${body.timestamp}\n${secret}`).update('').digest('base64'));
	});
});

describe('what the platforms answer', () => {
	it('records the platform\'s error code and words, and retries', async () => {
		fake.answer = () => ({ json: { errcode: 93000, errmsg: 'invalid webhook url, hint: [1733300000_1]' } });
		const outcome = await sendToRobot(robot('wecom', fake.url()), message, 0, 2000);
		expect(outcome).toMatchObject({ ok: false, retry: true });
		expect(outcome.ok === false && outcome.error).toContain('93000 · invalid webhook url');
	});

	it('takes 45009 (企业微信) and 130101 (钉钉) as a full rate window', async () => {
		fake.answer = () => ({ json: { errcode: 45009, errmsg: 'api freq out of limit' } });
		expect(await sendToRobot(robot('wecom', fake.url()), message, 0, 2000)).toMatchObject({ ok: false, retry: true, rateLimited: true });
		fake.answer = () => ({ json: { errcode: 130101, errmsg: 'send too fast' } });
		expect(await sendToRobot(robot('dingtalk', fake.url('/robot/send', 'access_token=x')), message, 0, 2000)).toMatchObject({ ok: false, rateLimited: true });
	});

	it('reads 飞书\'s code and msg, and a bare HTTP error', async () => {
		fake.answer = () => ({ json: { code: 19021, msg: 'sign match fail or timestamp is not within one hour from current time' } });
		const feishu = await sendToRobot(robot('feishu', fake.url('/open-apis/bot/v2/hook/t', '')), message, 0, 2000);
		expect(feishu.ok === false && feishu.error).toContain('19021 · sign match fail');
		fake.answer = () => ({ status: 502, json: 'bad gateway' });
		const bare = await sendToRobot(robot('wecom', fake.url()), message, 0, 2000);
		expect(bare).toMatchObject({ ok: false, retry: true });
		expect(bare.ok === false && bare.error).toMatch(/^HTTP 502/);
	});

	it('gives up on a platform that does not answer within the timeout', async () => {
		fake.answer = () => ({ hang: true });
		const started = Date.now();
		const outcome = await sendToRobot(robot('wecom', fake.url()), message, 0, 500);
		expect(Date.now() - started).toBeLessThan(3000);
		expect(outcome).toMatchObject({ ok: false, retry: true });
		expect(outcome.ok === false && outcome.error).toContain('500 ms 内无应答');
		fake.answer = () => ({ json: { errcode: 0, errmsg: 'ok' } });
	});

	it('never calls an address outside the platforms and the allowlist', async () => {
		const before = fake.received.length;
		process.env.NOTIFY_ALLOWED_HOSTS = '';
		try {
			const outcome = await sendToRobot(robot('wecom', fake.url()), message, 0, 2000);
			expect(outcome).toMatchObject({ ok: false, retry: false });
		} finally {
			process.env.NOTIFY_ALLOWED_HOSTS = '127.0.0.1';
		}
		expect(fake.received.length).toBe(before);
	});
});
