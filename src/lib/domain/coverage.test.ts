import { describe, expect, it } from 'vitest';
import { periodCoverage, type PeriodMark } from './coverage';

const period = { from: 1000, to: 2000 };
const households = new Map([
	['b1', ['1-101', '1-102', '1-201']],
	['b2', ['1-101']],
	['b3', []]
]);
const mark = (fields: Partial<PeriodMark>): PeriodMark => ({ taskId: 't1', buildingId: 'b1', code: '1-101', status: 'visited', at: 1500, ...fields });

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
			mark({ code: '1-201', status: 'cleared' }),
			mark({ buildingId: 'b2', status: 'bogus' }),
			mark({ code: '9-999' }),
			mark({ buildingId: 'b3', code: '1-101' })
		];
		expect(periodCoverage(households, marks, period)).toEqual({ households: 4, reached: 0 });
		expect(periodCoverage(households, [...marks, mark({ at: 1000 })], period)).toEqual({ households: 4, reached: 1 });
	});

	it('of a community without households is nothing of nothing', () => {
		expect(periodCoverage(new Map(), [mark({})], period)).toEqual({ households: 0, reached: 0 });
	});
});
