import { describe, expect, it } from 'vitest';
import { countPending, mergeClocks, type Clocks } from './clocks';

describe('mergeClocks', () => {
	it('raises clocks, never lowers them, and says whether anything moved', () => {
		const clocks: Clocks = new Map([[1, 5]]);
		expect(mergeClocks(clocks, [[1, 3], [2, 4]])).toBe(true);
		expect(clocks).toEqual(new Map([[1, 5], [2, 4]]));
		expect(mergeClocks(clocks, [[1, 5], [2, 1]])).toBe(false);
		expect(mergeClocks(clocks, new Map([[1, 9]]))).toBe(true);
		expect(clocks.get(1)).toBe(9);
	});
});

describe('countPending', () => {
	const local = new Map([[1, 10], [2, 4], [3, 7]]);
	const localClock = (client: number) => local.get(client) ?? 0;

	it('counts own clocks beyond the confirmed ones', () => {
		const confirmed = new Map([[1, 6], [2, 4]]);
		expect(countPending([1, 2], localClock, (c) => confirmed.get(c) ?? 0)).toBe(4);
	});

	it('ignores other clients and confirmations beyond what we hold', () => {
		expect(countPending([2], localClock, () => 99)).toBe(0);
		expect(countPending([], localClock, () => 0)).toBe(0);
		expect(countPending([4], localClock, () => 0)).toBe(0);
	});
});
