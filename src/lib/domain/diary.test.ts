import { describe, expect, it } from 'vitest';
import { periodCoverage } from './coverage';
import { dayPeriod } from './diary-dates';
import { diaryMatterAct, diarySheetRows, diaryVisits, isWritableDate, visitsByUser, type DiaryMark } from './diary';

const day = dayPeriod('2026-03-05');
const at = (hour: number) => day.from + hour * 3_600_000;
const households = new Map([
	['b1', ['1-101', '1-102', '1-201', '1-202']],
	['b2', ['1-101', '1-102']]
]);
const labels: Record<string, string> = { b1: '10栋', b2: '2栋' };
let ids = 0;
/** Marks get ids in the order they are written, as rows of `progress_events` do. */
const mark = (taskId: string, buildingId: string, code: string, status: string, hour: number, by: string | null = 'me'): DiaryMark => ({
	id: ++ids,
	taskId,
	buildingId,
	code,
	status,
	at: at(hour),
	by
});

describe('a liaison’s visits of a day', () => {
	const marks = [
		mark('t1', 'b1', '1-101', 'visited', 9),
		mark('t1', 'b1', '1-102', 'absent', 9),
		mark('t1', 'b1', '1-201', 'refused', 10),
		mark('t1', 'b1', '1-202', 'visited', 10),
		mark('t1', 'b1', '1-202', 'cleared', 10), // taken back: not reached
		mark('t2', 'b1', '1-101', 'issue', 11), // the same household in another task: counted once, by its latest status
		mark('t1', 'b2', '1-101', 'visited', 12, 'chief'), // someone else's
		mark('t1', 'b2', '1-102', 'visited', 13),
		mark('t1', 'b2', '9-999', 'visited', 13), // not a household of the building
		mark('t1', 'b2', '1-101', 'visited', 25) // the next day
	];

	it('count each household once, by status, per building, under the coverage rule', () => {
		const visits = diaryVisits(households, marks, day, 'me', (id) => labels[id]);
		expect(visits).toEqual({
			households: 4,
			visited: 1,
			absent: 1,
			refused: 1,
			issue: 1,
			buildings: [
				{ buildingId: 'b2', label: '2栋', households: 1, visited: 1, absent: 0, refused: 0, issue: 0 },
				{ buildingId: 'b1', label: '10栋', households: 3, visited: 0, absent: 1, refused: 1, issue: 1 }
			]
		});
	});

	it('add up, over everyone, to the coverage of the day', () => {
		const everyone = [...visitsByUser(households, marks, day).values()].reduce((sum, counts) => sum + counts.households, 0);
		expect(everyone).toBe(periodCoverage(households, marks, day).reached);
		expect(visitsByUser(households, marks, day).get('chief')).toEqual({ households: 1, visited: 1, absent: 0, refused: 0, issue: 0 });
	});

	it('is empty for someone who marked nothing', () => {
		expect(diaryVisits(households, marks, day, 'nobody', (id) => id)).toEqual({ households: 0, visited: 0, absent: 0, refused: 0, issue: 0, buildings: [] });
	});
});

describe('matter events in a diary', () => {
	it('name what the liaison did, and nothing of others’ work', () => {
		expect(diaryMatterAct({ action: 'report', to: 'reported' })).toBe('reported');
		expect(diaryMatterAct({ action: 'handle-on-spot', to: 'closed' })).toBe('handled-on-spot');
		expect(diaryMatterAct({ action: 'confirm', to: 'reported' })).toBe('confirmed');
		expect(diaryMatterAct({ action: 'verify', to: 'closed' })).toBe('verified');
		expect(diaryMatterAct({ action: 'verify', to: 'accepted' })).toBe('sent-back');
		for (const action of ['route', 'remind', 'accept', 'resolve']) expect(diaryMatterAct({ action, to: 'routed' })).toBeNull();
	});
});

describe('writable days', () => {
	it('are today and the 30 days before it', () => {
		expect(isWritableDate('2026-03-05', '2026-03-05')).toBe(true);
		expect(isWritableDate('2026-02-03', '2026-03-05')).toBe(true);
		expect(isWritableDate('2026-02-02', '2026-03-05')).toBe(false);
		expect(isWritableDate('2026-03-06', '2026-03-05')).toBe(false);
	});
});

describe('the monthly sheet', () => {
	const entry = (problem: string) => ({ problem, action: `处理${problem}`, result: '已解决' });
	it('has a row per entry, a row for a day of visits only, none for an empty day, in date order', () => {
		const rows = diarySheetRows([
			{ date: '2026-03-07', households: 0, entries: [] },
			{ date: '2026-03-06', households: 12, entries: [] },
			{ date: '2026-03-05', households: 30, entries: [entry('楼道堆物'), entry('路灯不亮')] },
			{ date: '2026-03-08', households: 0, entries: [entry('噪音')] }
		]);
		expect(rows).toEqual([
			{ date: '2026-03-05', households: 30, problem: '楼道堆物', action: '处理楼道堆物', result: '已解决', span: 2 },
			{ date: '2026-03-05', households: 30, problem: '路灯不亮', action: '处理路灯不亮', result: '已解决', span: 0 },
			{ date: '2026-03-06', households: 12, problem: '', action: '', result: '', span: 1 },
			{ date: '2026-03-08', households: 0, problem: '噪音', action: '处理噪音', result: '已解决', span: 1 }
		]);
	});
});
