import { describe, expect, it } from 'vitest';
import { dueLabel, eventLabel, routedAgoLabel, spanLabel, stageLabel } from './matter-format';

const hour = 3_600_000;
const now = Date.UTC(2026, 11, 3, 4);

describe('matter words', () => {
	it('spans round down: minutes under an hour, hours under two days, then days', () => {
		expect(spanLabel(20_000)).toBe('1 分钟');
		expect(spanLabel(59 * 60_000)).toBe('59 分钟');
		expect(spanLabel(3.9 * hour)).toBe('3 小时');
		expect(spanLabel(47 * hour)).toBe('47 小时');
		expect(spanLabel(50 * hour)).toBe('2 天');
	});

	it('a deadline reads by its state: overdue by, due in (the last day), else the moment', () => {
		expect(dueLabel({ status: 'accepted', dueAt: now - 2 * hour }, now)).toBe('已逾期 2 小时');
		expect(dueLabel({ status: 'routed', dueAt: now + 5 * hour }, now)).toBe('5 小时后到期');
		expect(dueLabel({ status: 'routed', dueAt: now + 3 * 24 * hour }, now)).toMatch(/到期$/);
		expect(dueLabel({ status: 'resolved', dueAt: now - 2 * hour }, now)).toBeNull();
		expect(dueLabel({ status: 'routed', dueAt: null }, now)).toBeNull();
	});

	it('how long a routed matter has waited', () => {
		expect(routedAgoLabel(now - 3 * hour, now)).toBe('已派遣 3 小时');
		expect(routedAgoLabel(now - 10_000, now)).toBe('刚刚派遣');
	});

	it('stages and events in words, verifications and extension decisions by their outcome', () => {
		expect(stageLabel({ status: 'reported', returned: true })).toBe('已退单·待重新派遣');
		expect(eventLabel({ action: 'verify', detail: { pass: false } })).toBe('核实不通过');
		expect(eventLabel({ action: 'decide-extension', detail: { approve: true } })).toBe('同意延期');
		expect(eventLabel({ action: 'merged-in', detail: {} })).toBe('有事项并入');
		expect(eventLabel({ action: 'handle-on-spot', detail: {} })).toBe('上报并当场处置');
	});
});
