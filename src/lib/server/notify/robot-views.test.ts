import { describe, expect, it } from 'vitest';
import { maskedWebhook, scrubbed } from './robot-views';

describe('masking a webhook address', () => {
	it('keeps host and path, and only the last 4 characters of each query value', () => {
		expect(maskedWebhook('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4-97a0-0ec2sifa3f2a')).toBe(
			'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=••••3f2a'
		);
		expect(maskedWebhook('https://oapi.dingtalk.com/robot/send?access_token=abcdef0123456789wxyz&x=1')).toBe(
			'https://oapi.dingtalk.com/robot/send?access_token=••••wxyz&x=••••'
		);
	});

	it('masks a token in the path (飞书 /hook/<token>) and drops a fragment', () => {
		expect(maskedWebhook('https://open.feishu.cn/open-apis/bot/v2/hook/0f1e2d3c-4b5a-6978-8a9b-cafe1234beef#x')).toBe(
			'https://open.feishu.cn/open-apis/bot/v2/hook/••••beef'
		);
		expect(maskedWebhook('http://127.0.0.1:4000/hooks/a1b2c3d4e5f6a7b8c9d0/send')).toBe('http://127.0.0.1:4000/hooks/••••c9d0/send');
	});

	it('hides a short value whole and an unparsable address entirely', () => {
		expect(maskedWebhook('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc')).toBe('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=••••');
		expect(maskedWebhook('not a url')).toBe('••••');
	});
});

describe('scrubbing a platform error', () => {
	const robot = { webhookUrl: 'https://oapi.dingtalk.com/robot/send?access_token=SECRETTOKEN1234567890', signingSecret: 'SECabcdefabcdef0123' };

	it('masks the address, its token and the secret wherever they are quoted', () => {
		const error = scrubbed(`fetch ${robot.webhookUrl} failed; token SECRETTOKEN1234567890; sign with SECabcdefabcdef0123`, robot);
		expect(error).not.toContain('SECRETTOKEN1234567890');
		expect(error).not.toContain('SECabcdefabcdef0123');
		expect(error).toContain('https://oapi.dingtalk.com/robot/send?access_token=••••7890');
	});
});
