import { describe, expect, it } from 'vitest';
import { areConsecutive, coverageByWeek, maxCoverageWeeks, recentWeeks, weekStartOf } from './coverage-weeks';

const beijing = (iso: string) => Date.parse(`${iso}+08:00`);
const day = 86_400_000;

describe('weeks on the community clock', () => {
	it('start on Monday 00:00 Beijing time, whatever the server clock', () => {
		expect(weekStartOf(beijing('2026-12-02T15:00:00'))).toBe(beijing('2026-11-30T00:00:00'));
		// Sunday 23:59 in Beijing is still the week before; Monday 00:00 starts the next.
		expect(weekStartOf(beijing('2026-12-06T23:59:00'))).toBe(beijing('2026-11-30T00:00:00'));
		expect(weekStartOf(beijing('2026-12-07T00:00:00'))).toBe(beijing('2026-12-07T00:00:00'));
		// Sunday 20:00 UTC is already Monday in Beijing.
		expect(weekStartOf(Date.parse('2026-12-06T20:00:00Z'))).toBe(beijing('2026-12-07T00:00:00'));
	});

	it('recentWeeks ends with the current week, oldest first, each seven days, without gaps', () => {
		const now = beijing('2026-12-02T15:00:00');
		const weeks = recentWeeks(now, 12);
		expect(weeks).toHaveLength(12);
		expect(weeks.at(-1)).toEqual({ from: beijing('2026-11-30T00:00:00'), to: beijing('2026-12-07T00:00:00') });
		expect(weeks[0].from).toBe(beijing('2026-09-14T00:00:00'));
		expect(weeks.every((w) => w.to - w.from === 7 * day)).toBe(true);
		expect(areConsecutive(weeks)).toBe(true);
	});

	it('keeps the count within bounds', () => {
		expect(recentWeeks(0 + beijing('2026-12-02T00:00:00'), 0)).toHaveLength(1);
		expect(recentWeeks(beijing('2026-12-02T00:00:00'), Number.NaN)).toHaveLength(1);
		expect(recentWeeks(beijing('2026-12-02T00:00:00'), 10_000)).toHaveLength(maxCoverageWeeks);
	});

	it('areConsecutive refuses gaps, overlaps and empty periods', () => {
		expect(areConsecutive([{ from: 0, to: 5 }, { from: 6, to: 9 }])).toBe(false);
		expect(areConsecutive([{ from: 0, to: 5 }, { from: 4, to: 9 }])).toBe(false);
		expect(areConsecutive([{ from: 5, to: 5 }])).toBe(false);
		expect(areConsecutive([])).toBe(true);
	});
});

describe('coverageByWeek', () => {
	it('sums each week’s visited households per grid and in total', () => {
		const places = {
			buildings: [
				{ id: 'b1', gridId: 'g1', microGridId: 'm1' },
				{ id: 'b2', gridId: 'g2', microGridId: 'm2' }
			],
			gridIds: ['g1', 'g2'],
			liaisons: []
		};
		const weeks = [
			{ from: 0, to: 7 },
			{ from: 7, to: 14 }
		];
		const households = new Map([
			['b1', 10],
			['b2', 5]
		]);
		const visited = [new Map([['b1', 3]]), new Map([['b1', 1], ['b2', 5]])];
		expect(coverageByWeek(places, households, weeks, visited)).toEqual([
			{ from: 0, to: 7, households: 15, visited: 3, grids: [{ gridId: 'g1', households: 10, visited: 3 }, { gridId: 'g2', households: 5, visited: 0 }] },
			{ from: 7, to: 14, households: 15, visited: 6, grids: [{ gridId: 'g1', households: 10, visited: 1 }, { gridId: 'g2', households: 5, visited: 5 }] }
		]);
	});
});
