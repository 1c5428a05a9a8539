import { describe, expect, it } from 'vitest';
import { buildingCoverage, isVisitStatus, periodCoverage, type CoverageMark } from './coverage';

const period = { from: 1000, to: 2000 };
const households = new Map([
	['b1', ['1-101', '1-102', '1-201']],
	['b2', ['1-101']],
	['b3', []]
]);
let nextId = 1;
const mark = (fields: Partial<CoverageMark>): CoverageMark => ({ id: nextId++, taskId: 't1', buildingId: 'b1', code: '1-101', status: 'visited', at: 1500, ...fields });

describe('periodCoverage', () => {
	it('counts every household of the community once, reached by any status in any task', () => {
		const marks = [
			mark({}),
			mark({ taskId: 't2' }),
			mark({ code: '1-102', status: 'absent' }),
			mark({ code: '1-201', status: 'refused', taskId: 't2' }),
			mark({ buildingId: 'b2', status: 'issue' })
		];
		expect(periodCoverage(households, marks, period)).toEqual({ households: 4, reached: 4 });
	});

	it('leaves out marks outside the period, taken back, malformed, or on codes the building does not have', () => {
		const marks = [
			mark({ at: 999 }),
			mark({ code: '1-102', at: 2000 }),
			mark({ code: '1-201', status: 'visited' }),
			mark({ code: '1-201', status: 'cleared' }),
			mark({ buildingId: 'b2', status: 'bogus' }),
			mark({ code: '9-999' }),
			mark({ buildingId: 'b3', code: '1-101' })
		];
		expect(periodCoverage(households, marks, period)).toEqual({ households: 4, reached: 0 });
		expect(periodCoverage(households, [...marks, mark({ at: 1000 })], period)).toEqual({ households: 4, reached: 1 });
	});

	it('goes by the latest mark of each task, by the order marks were stored, not by their recorded times', () => {
		// Visited, then taken back: not reached, whatever time the phone wrote on the visit.
		expect(periodCoverage(households, [mark({ id: 1, at: 1900 }), mark({ id: 2, status: 'cleared', at: 1100 })], period).reached).toBe(0);
		// Taken back, then visited again: reached.
		expect(periodCoverage(households, [mark({ id: 1, status: 'cleared' }), mark({ id: 2 })], period).reached).toBe(1);
		// A clear in one task does not take back a visit of another.
		expect(periodCoverage(households, [mark({ id: 1 }), mark({ id: 2, taskId: 't2' }), mark({ id: 3, status: 'cleared' })], period).reached).toBe(1);
		// A clear before the period does not reach into it; one after the period does not reach back.
		expect(periodCoverage(households, [mark({ id: 2 }), mark({ id: 3, status: 'cleared', at: 900 })], period).reached).toBe(1);
		expect(periodCoverage(households, [mark({ id: 2 }), mark({ id: 3, status: 'cleared', at: 2100 })], period).reached).toBe(1);
	});

	it('of a community without households is nothing of nothing', () => {
		expect(periodCoverage(new Map(), [mark({})], period)).toEqual({ households: 0, reached: 0 });
	});
});

describe('buildingCoverage', () => {
	it('gives each building its households, those reached in the period and its last standing visit before the period ends', () => {
		const marks = [
			mark({ id: 1, at: 500 }), // before the period: a last visit, not a visit in it
			mark({ id: 2, code: '1-102', at: 1200, status: 'absent' }),
			mark({ id: 3, code: '1-102', at: 1300, status: 'cleared' }), // taken back: 1-102 neither reached nor last visited
			mark({ id: 4, code: '1-201', at: 1400, taskId: 't2' }),
			mark({ id: 5, code: '1-201', at: 2500, taskId: 't2', status: 'cleared' }), // after the end: does not take it back
			mark({ id: 6, code: '1-201', at: 2400 }), // after the end
			mark({ id: 7, buildingId: 'b2', at: 300, status: 'refused' }),
			mark({ id: 8, buildingId: 'b3', code: '1-101', at: 1500 }) // b3 has no such household
		];
		expect(buildingCoverage(households, marks, period)).toEqual([
			{ buildingId: 'b1', households: 3, visited: 1, lastVisitAt: 1400 },
			{ buildingId: 'b2', households: 1, visited: 0, lastVisitAt: 300 },
			{ buildingId: 'b3', households: 0, visited: 0, lastVisitAt: null }
		]);
	});

	it('takes the latest visit time among standing marks, even when a phone stored an older one later', () => {
		const marks = [mark({ id: 1, at: 1800 }), mark({ id: 2, at: 1200, taskId: 't2' }), mark({ id: 3, code: '1-102', at: 1000 })];
		expect(buildingCoverage(households, marks, period)[0]).toEqual({ buildingId: 'b1', households: 3, visited: 2, lastVisitAt: 1800 });
	});
});

describe('isVisitStatus', () => {
	it('is a progress status, nothing else', () => {
		expect(['visited', 'absent', 'refused', 'issue'].every(isVisitStatus)).toBe(true);
		expect(['cleared', '', 'VISITED', 'toString'].some(isVisitStatus)).toBe(false);
	});
});
