import { describe, expect, it } from 'vitest';
import { isPushAddress, isRobotAddress } from './addresses';

describe('group robot addresses', () => {
	it('takes each platform\'s own webhook address', () => {
		expect(isRobotAddress('wecom', 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx', [])).toBe(true);
		expect(isRobotAddress('dingtalk', 'https://oapi.dingtalk.com/robot/send?access_token=abc', [])).toBe(true);
		expect(isRobotAddress('feishu', 'https://open.feishu.cn/open-apis/bot/v2/hook/0f3c', [])).toBe(true);
	});

	it('refuses another platform\'s host, plain http, other ports and credentials in the address', () => {
		expect(isRobotAddress('wecom', 'https://oapi.dingtalk.com/robot/send?access_token=abc', [])).toBe(false);
		expect(isRobotAddress('wecom', 'http://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k', [])).toBe(false);
		expect(isRobotAddress('wecom', 'https://qyapi.weixin.qq.com:8443/cgi-bin/webhook/send?key=k', [])).toBe(false);
		expect(isRobotAddress('wecom', 'https://user:pw@qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k', [])).toBe(false);
		expect(isRobotAddress('wecom', 'https://qyapi.weixin.qq.com.evil.cn/send?key=k', [])).toBe(false);
	});

	it('refuses the server\'s own network unless an operator allowed the host', () => {
		for (const address of ['http://127.0.0.1:5432/', 'http://localhost:6379/', 'http://169.254.169.254/latest/meta-data', 'http://[::1]:3000/', 'file:///etc/passwd', 'not a url']) {
			expect(isRobotAddress('wecom', address, [])).toBe(false);
		}
		expect(isRobotAddress('wecom', 'http://127.0.0.1:4000/cgi-bin/webhook/send?key=k', ['127.0.0.1'])).toBe(true);
		expect(isRobotAddress('wecom', 'http://127.0.0.1:4000/x', ['127.0.0.1:4001'])).toBe(false);
		expect(isRobotAddress('wecom', 'file:///etc/passwd', ['127.0.0.1'])).toBe(false);
	});

	it('refuses an address longer than 2,048 characters', () => {
		expect(isRobotAddress('wecom', `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${'k'.repeat(2048)}`, [])).toBe(false);
	});
});

describe('push endpoints', () => {
	it('takes the browsers\' push services', () => {
		expect(isPushAddress('https://fcm.googleapis.com/fcm/send/abc:def', [])).toBe(true);
		expect(isPushAddress('https://updates.push.services.mozilla.com/wpush/v2/gAAA', [])).toBe(true);
		expect(isPushAddress('https://web.push.apple.com/QGuQ', [])).toBe(true);
		expect(isPushAddress('https://wns2-by3p.notify.windows.com/w/?token=x', [])).toBe(true);
	});

	it('refuses anything a hand-made subscription could point at instead', () => {
		expect(isPushAddress('https://evil.example/fcm.googleapis.com', [])).toBe(false);
		expect(isPushAddress('https://fcm.googleapis.com.evil.example/x', [])).toBe(false);
		expect(isPushAddress('http://fcm.googleapis.com/fcm/send/x', [])).toBe(false);
		expect(isPushAddress('http://127.0.0.1:6379/', [])).toBe(false);
		expect(isPushAddress('http://127.0.0.1:6379/', ['127.0.0.1'])).toBe(true);
	});
});
