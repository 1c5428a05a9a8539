import { describe, expect, it } from 'vitest';
import { durationText, rateText } from './consultation-format';

describe('会商 figures as text', () => {
	it('writes shares as whole percents, a dash for none', () => {
		expect(rateText(2 / 3)).toBe('67%');
		expect(rateText(1)).toBe('100%');
		expect(rateText(null)).toBe('—');
	});

	it('writes durations as a person says them', () => {
		expect(durationText(null)).toBe('—');
		expect(durationText(45 * 60_000)).toBe('45分钟');
		expect(durationText(5 * 3_600_000 + 10 * 60_000)).toBe('5小时');
		expect(durationText(3.5 * 86_400_000)).toBe('3天12小时');
		expect(durationText(2 * 86_400_000 + 20 * 60_000)).toBe('2天');
	});
});
