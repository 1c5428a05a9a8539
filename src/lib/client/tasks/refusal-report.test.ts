import { describe, expect, it } from 'vitest';
import { progressPlaceOf, progressRefusalReport, type LabelLookup } from './refusal-report';

const lookup = (titles: Record<string, string>, labels: Record<string, string>): LabelLookup => ({
	taskTitle: (id) => titles[id],
	buildingLabel: (id) => labels[id]
});
const known = lookup({ t1: '今晚入户排查' }, { b5: '5号楼' });

describe('progressPlaceOf', () => {
	it('reads the task, building and household of a progress path', () => {
		expect(progressPlaceOf('tasks/t1/progress/b5/2-301')).toEqual({ taskId: 't1', buildingId: 'b5', householdCode: '2-301' });
		expect(progressPlaceOf('tasks/t1/progress/b5')).toEqual({ taskId: 't1', buildingId: 'b5', householdCode: null });
	});

	it('is null for every other path', () => {
		for (const detail of ['tasks/t1/status', 'tasks/t1/notes/#', 'tasks/t1/progress', 'signals/x', '12:3', '', 'tasks/t1/progress/b5/2-301/s'])
			expect(progressPlaceOf(detail), detail).toBeNull();
	});
});

describe('progressRefusalReport', () => {
	it('names the building and the task', () => {
		expect(progressRefusalReport({ code: 'forbidden', detail: 'tasks/t1/progress/b5/2-301' }, known)).toBe(
			'您在「今晚入户排查」记录的 5号楼 进度没有保存：这栋楼已不在您负责的微网格。请联系网格长。'
		);
	});

	it('says how many records of the building were refused when there were several', () => {
		expect(progressRefusalReport({ code: 'forbidden', detail: 'tasks/t1/progress/b5/2-301', count: 5 }, known)).toBe(
			'您在「今晚入户排查」记录的 5号楼 进度没有保存：这栋楼已不在您负责的微网格。请联系网格长。（共 5 条记录未保存）'
		);
	});

	it('also explains marks refused because they built on a refused one', () => {
		expect(progressRefusalReport({ code: 'unknown-parent', detail: 'tasks/t1/progress/b5/1-101' }, known)).toContain('5号楼');
	});

	it('falls back to what it knows', () => {
		const detail = 'tasks/t9/progress/b9/1-101';
		expect(progressRefusalReport({ code: 'forbidden', detail }, lookup({ t9: '消防检查' }, {}))).toContain('「消防检查」记录的一栋楼');
		expect(progressRefusalReport({ code: 'forbidden', detail }, lookup({}, { b9: '9号楼' }))).toContain('您记录的 9号楼 进度');
		expect(progressRefusalReport({ code: 'forbidden', detail }, lookup({}, {}))).toBe(
			'您记录的部分入户进度没有保存：相关楼栋已不在您负责的微网格。请联系网格长。'
		);
	});

	it('leaves other refusals to the generic text', () => {
		expect(progressRefusalReport({ code: 'forbidden', detail: 'tasks/t1/status' }, known)).toBeNull();
		expect(progressRefusalReport({ code: 'by-mismatch', detail: 'tasks/t1/progress/b5/1-101' }, known)).toBeNull();
		expect(progressRefusalReport({ code: 'rate-limited', detail: '50' }, known)).toBeNull();
	});
});
