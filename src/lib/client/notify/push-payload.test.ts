import { describe, expect, it } from 'vitest';
import { notificationOf, parsePushPayload, sameOriginUrl } from './push-payload';

const origin = 'https://grid.example.cn';
const payload = { title: '新任务：燃气安全排查', body: '今晚 22:00 前完成 1号楼、2号楼', url: `${origin}/tasks/t1`, tag: 'task-dispatched:t1', urgent: false };

describe('reading a push payload', () => {
	it('reads what the server sends', () => {
		expect(parsePushPayload(JSON.stringify(payload))).toEqual(payload);
	});

	it('fills in what may be missing and refuses anything else', () => {
		expect(parsePushPayload(JSON.stringify({ title: '提醒' }))).toEqual({ title: '提醒', body: '', url: '/', tag: '', urgent: false });
		for (const bad of [null, '', 'not json', '[]', '"text"', JSON.stringify({ body: 'no title' }), JSON.stringify({ ...payload, urgent: 'yes' }), JSON.stringify({ ...payload, title: 'x'.repeat(201) }), 'x'.repeat(9000)]) {
			expect(parsePushPayload(bad)).toBeNull();
		}
	});
});

describe('where a tap may lead', () => {
	it('to pages of this app, relative ones resolved', () => {
		expect(sameOriginUrl(`${origin}/matters/m1?tab=log`, origin)).toBe(`${origin}/matters/m1?tab=log`);
		expect(sameOriginUrl('/tasks/t1', origin)).toBe(`${origin}/tasks/t1`);
	});

	it('never to another site, scheme or port: those open the home page', () => {
		for (const hostile of ['https://evil.example/phish', '//evil.example/x', 'javascript:alert(1)', 'data:text/html,hi', 'http://grid.example.cn/tasks', 'https://grid.example.cn:8443/', 'https://grid.example.cn.evil.example/', 42, null]) {
			expect(sameOriginUrl(hostile, origin)).toBe(`${origin}/`);
		}
	});
});

describe('the notification shown', () => {
	it('has the title, body, tag and the url to open; only an urgent one stays until tapped', () => {
		const shown = notificationOf(parsePushPayload(JSON.stringify(payload)), origin, '/icon-192.png');
		expect(shown).toEqual({
			title: payload.title,
			options: { body: payload.body, tag: payload.tag, renotify: true, data: { url: payload.url }, requireInteraction: false, icon: '/icon-192.png' }
		});
		expect(notificationOf({ ...payload, urgent: true }, origin, null).options.requireInteraction).toBe(true);
	});

	it('a hostile url in the payload opens this app instead', () => {
		expect(notificationOf({ ...payload, url: 'https://evil.example/' }, origin, null).options.data).toEqual({ url: `${origin}/` });
	});

	it('a payload that is not ours still shows a plain reminder pointing to the notifications page', () => {
		const shown = notificationOf(null, origin, null);
		expect(shown.title).toBe('网格通');
		expect(shown.options.data).toEqual({ url: `${origin}/notifications` });
		expect(shown.options.tag).toBeUndefined();
	});
});
