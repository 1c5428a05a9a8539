import { describe, expect, it } from 'vitest';
import { payloadLimitBytes, pushPayload, pushTopic, retryAfterMs } from './push-sender';

const message = { kind: 'push', title: '事项待核实', body: '3号楼楼道堆放杂物已清理', url: 'https://grid.example.cn/matters/m1', tag: 'matter-resolved:12', urgent: false } as const;

describe('the payload', () => {
	it('is the JSON the service worker reads', () => {
		expect(JSON.parse(pushPayload(message))).toEqual({ title: message.title, body: message.body, url: message.url, tag: message.tag, urgent: false });
	});

	it('stays under the limit whatever the body, cutting the body only, at a character', () => {
		for (const body of ['杂'.repeat(5000), 'x'.repeat(10_000), '😀'.repeat(3000)]) {
			const text = pushPayload({ ...message, body });
			expect(Buffer.byteLength(text)).toBeLessThanOrEqual(payloadLimitBytes);
			const payload = JSON.parse(text);
			expect(payload.body.endsWith('…')).toBe(true);
			expect(payload.body.length).toBeGreaterThan(500);
			expect(payload.url).toBe(message.url);
			expect(payload.body).not.toContain('\uFFFD');
		}
	});
});

describe('the topic', () => {
	it('is the tag when it is one, else a 32-character digest of it, the same for the same tag', () => {
		expect(pushTopic('task-t1')).toBe('task-t1');
		expect(pushTopic('matter-resolved:12')).toMatch(/^[A-Za-z0-9_-]{32}$/);
		expect(pushTopic('matter-resolved:12')).toBe(pushTopic('matter-resolved:12'));
		expect(pushTopic('matter-resolved:13')).not.toBe(pushTopic('matter-resolved:12'));
		expect(pushTopic('')).toBeUndefined();
	});
});

describe('Retry-After', () => {
	const now = Date.parse('2026-12-04T03:00:00Z');
	it('reads seconds and dates, bounded to an hour; ignores nonsense', () => {
		expect(retryAfterMs('30', now)).toBe(30_000);
		expect(retryAfterMs('Fri, 04 Dec 2026 03:02:00 GMT', now)).toBe(120_000);
		expect(retryAfterMs('86400', now)).toBe(3_600_000);
		for (const bad of [null, '', 'soon', '-5']) expect(retryAfterMs(bad, now)).toBeUndefined();
	});
});
