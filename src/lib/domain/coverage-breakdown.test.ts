import { describe, expect, it } from 'vitest';
import { coverageBreakdown, coverageRate, coverageText, lastActivityOf, latestOf, type CoveragePlaces } from './coverage-breakdown';

const places: CoveragePlaces = {
	buildings: [
		{ id: 'b1', gridId: 'g1', microGridId: 'm1' },
		{ id: 'b2', gridId: 'g1', microGridId: 'm2' },
		{ id: 'b3', gridId: 'g2', microGridId: 'm3' },
		{ id: 'b4', gridId: null, microGridId: null }
	],
	gridIds: ['g1', 'g2', 'g3'],
	liaisons: [
		{ userId: 'u1', microGridIds: ['m1', 'm2', 'm1'] },
		{ userId: 'u2', microGridIds: ['m3'] },
		{ userId: 'u3', microGridIds: [] }
	]
};
const figures = [
	{ buildingId: 'b1', households: 10, visited: 4, lastVisitAt: 100 },
	{ buildingId: 'b2', households: 20, visited: 5, lastVisitAt: null },
	{ buildingId: 'b4', households: 7, visited: 7, lastVisitAt: 300 },
	{ buildingId: 'elsewhere', households: 99, visited: 99, lastVisitAt: 1 }
];

describe('coverageBreakdown', () => {
	it('sums buildings into grids and liaisons, counting each micro-grid once and a building without figures as empty', () => {
		const doings = new Map([['u1', { markedAt: 50, ackedAt: 80, reportedAt: null }]]);
		expect(coverageBreakdown(places, figures, doings)).toEqual({
			buildings: [figures[0], figures[1], { buildingId: 'b3', households: 0, visited: 0, lastVisitAt: null }, figures[2]],
			grids: [
				{ gridId: 'g1', households: 30, visited: 9 },
				{ gridId: 'g2', households: 0, visited: 0 },
				{ gridId: 'g3', households: 0, visited: 0 }
			],
			liaisons: [
				{ userId: 'u1', households: 30, visited: 9, lastActivityAt: 80 },
				{ userId: 'u2', households: 0, visited: 0, lastActivityAt: null },
				{ userId: 'u3', households: 0, visited: 0, lastActivityAt: null }
			]
		});
	});
});

describe('last activity', () => {
	it('is the latest of marks, acknowledgements and reports', () => {
		expect(lastActivityOf({ markedAt: 5, ackedAt: null, reportedAt: 9 })).toBe(9);
		expect(lastActivityOf({ markedAt: null, ackedAt: null, reportedAt: null })).toBeNull();
		expect(lastActivityOf(undefined)).toBeNull();
		expect(latestOf(3, undefined, 2)).toBe(3);
	});
});

describe('coverageRate', () => {
	it('is a percentage with one decimal, none of nothing', () => {
		expect(coverageRate(1, 3)).toBe(33.3);
		expect(coverageRate(3, 3)).toBe(100);
		expect(coverageRate(0, 0)).toBeNull();
	});

	it('rounds down, so that 100 means every household', () => {
		expect(coverageRate(999, 1000)).toBe(99.9);
		expect(coverageRate(9999, 10000)).toBe(99.9);
		expect(coverageRate(2, 3)).toBe(66.6);
		expect(coverageRate(57, 100)).toBe(57);
	});
});

describe('coverageText', () => {
	it('is a whole percent rounded down, 100% only when all are reached, — of none', () => {
		expect(coverageText(999, 1000)).toBe('99%');
		expect(coverageText(1000, 1000)).toBe('100%');
		expect(coverageText(57, 100)).toBe('57%');
		expect(coverageText(0, 0)).toBe('—');
	});
});
