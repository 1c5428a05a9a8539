import { describe, expect, it } from 'vitest';
import { householdShare, percentOf } from '$lib/domain/notice-text';
import { daysSince } from '$lib/domain/visit-age';
import { percent as taskPercent } from '$lib/client/tasks/task-format';
import { daysAgo, percent } from './labels';

describe('daysAgo', () => {
	it('counts calendar days on the community clock, as the attention list does', () => {
		// Monday 23:00 Beijing, seen the next Monday at 08:00: six and a half days, seven calendar days.
		const at = Date.parse('2026-11-30T23:00:00+08:00');
		const now = Date.parse('2026-12-07T08:00:00+08:00');
		expect(daysSince(at, now)).toBe(7);
		expect(daysAgo(at, now)).toBe('7 天前');
	});

	it('says 今天 for the same day and 1 天前 for last night', () => {
		const now = Date.parse('2026-12-07T08:00:00+08:00');
		expect(daysAgo(Date.parse('2026-12-07T00:10:00+08:00'), now)).toBe('今天');
		expect(daysAgo(Date.parse('2026-12-06T23:50:00+08:00'), now)).toBe('1 天前');
		expect(daysAgo(now + 60_000, now)).toBe('今天');
		expect(daysAgo(null, now)).toBe('从未');
	});
});

describe('percent', () => {
	it('writes a share as the weekly digest does', () => {
		for (const [part, whole] of [
			[999, 1000],
			[0, 0],
			[2, 3],
			[57, 100],
			[1000, 1000]
		]) {
			expect(percent(part, whole)).toBe(percentOf(part, whole));
			expect(householdShare(part, whole)).toContain(`（${percent(part, whole)}）`);
		}
		expect(percent(999, 1000)).toBe('99%');
		expect(percent(0, 0)).toBe('—');
		expect(taskPercent(999, 1000)).toBe(99);
	});
});
