import { describe, expect, it } from 'vitest';
import { retryBaseMs, retryDelay, retryMaxMs } from './retry-delay';

describe('retryDelay', () => {
	it('doubles from the base with each failure in a row', () => {
		expect([1, 2, 3, 4].map((failures) => retryDelay(failures, 0.5))).toEqual([5_000, 10_000, 20_000, 40_000]);
	});

	it('stops growing at the cap, however many failures', () => {
		expect(retryDelay(12, 0.5)).toBe(retryMaxMs);
		expect(retryDelay(10_000, 0.5)).toBe(retryMaxMs);
	});

	it('spreads phones by up to a fifth either way', () => {
		expect(retryDelay(1, 0)).toBe(retryBaseMs * 0.8);
		expect(retryDelay(1, 0.999999)).toBeCloseTo(retryBaseMs * 1.2, -1);
		expect(retryDelay(50, 0.999999)).toBeLessThanOrEqual(retryMaxMs * 1.2);
	});

	it('treats a count below one as the first failure', () => {
		expect(retryDelay(0, 0.5)).toBe(retryBaseMs);
	});
});
