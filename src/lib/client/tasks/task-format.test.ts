import { describe, expect, it } from 'vitest';
import { recordedAt } from './recorded-at';
import { clockTime, dateLabel, momentLabel, noTime, recentLabel } from './task-format';

const now = Date.UTC(2026, 11, 3, 12);
// What a phone could store before the server bounded times, and what a Date cannot hold.
const unshowable = [1e300, -1e300, Number.NaN, Number.POSITIVE_INFINITY, '1700000000000', null, undefined];

describe('time labels of task pages', () => {
	it.each(unshowable)('show "—" for %s instead of throwing', (value) => {
		const bad = value as number;
		for (const label of [clockTime(bad), momentLabel(bad, now), recentLabel(bad, now), dateLabel(bad, now), recordedAt(bad, now)]) {
			expect(label).toBe(noTime);
		}
	});

	it('still show a real time', () => {
		expect(clockTime(now)).toMatch(/\d\d:\d\d/);
		expect(dateLabel(now - 40 * 86_400_000, now)).not.toBe(noTime);
		expect(recordedAt(now - 60_000, now)).toMatch(/\d\d:\d\d/);
	});
});
