import { describe, expect, it } from 'vitest';
import { ackFiguresBy, expectedAckers, median, pastDueUnacked, type AckTask } from './acks';
import { attentionItems } from './attention';
import { overdueAt, matterWeeks, type TrendMatter } from './trends';
import { recentWeeks } from '../coverage-weeks';
import { currentWindows, monthStartOf, trendPeriods } from './weeks';

const at = (iso: string) => Date.parse(iso);
const day = 86_400_000;

describe('the dashboard windows', () => {
	it('start this week on Monday 00:00 and this month on the 1st, Beijing time', () => {
		const now = at('2026-12-03T10:00:00+08:00');
		expect(currentWindows(now).week.from).toBe(at('2026-11-30T00:00:00+08:00'));
		expect(currentWindows(now).month.from).toBe(at('2026-12-01T00:00:00+08:00'));
		expect(monthStartOf(at('2026-12-01T07:59:00Z'))).toBe(at('2026-12-01T00:00:00+08:00'));
		expect(trendPeriods(now)).toHaveLength(12);
	});
});

const task = (over: Partial<AckTask> = {}): AckTask => ({ id: 't1', title: '夜查', status: 'open', createdAt: 0, dueAt: null, scope: ['b1', 'b2'], ...over });
const liaisonsOf = new Map([
	['b1', ['u1']],
	['b2', ['u2']],
	['b3', ['u3']]
]);

describe('acknowledgements', () => {
	it('expects the liaisons of the micro-grids the scope touches', () => {
		expect([...expectedAckers(task(), liaisonsOf)].sort()).toEqual(['u1', 'u2']);
	});

	it('counts open tasks only, and the median time to 收到 per liaison or per grid', () => {
		const tasks = [task(), task({ id: 't2', createdAt: 1000 }), task({ id: 't3', status: 'closed' })];
		const acks = [
			{ taskId: 't1', userId: 'u1', ackedAt: 60_000 },
			{ taskId: 't2', userId: 'u1', ackedAt: 121_000 },
			{ taskId: 't3', userId: 'u2', ackedAt: 5 }
		];
		const byLiaison = ackFiguresBy(tasks, acks, liaisonsOf);
		expect(byLiaison.get('u1')).toEqual({ expected: 2, acked: 2, medianAckMs: 90_000 });
		expect(byLiaison.get('u2')).toEqual({ expected: 2, acked: 0, medianAckMs: null });
		expect(byLiaison.has('u3')).toBe(false);
		const byGrid = ackFiguresBy(tasks, acks, liaisonsOf, () => 'g1');
		expect(byGrid.get('g1')).toEqual({ expected: 4, acked: 2, medianAckMs: 90_000 });
		expect(median([3, 1, 2])).toBe(2);
	});

	it('lists open tasks past due with who has not acknowledged', () => {
		const tasks = [task({ dueAt: 100 }), task({ id: 't2', dueAt: 10_000 }), task({ id: 't3', dueAt: 100, status: 'closed' })];
		const rows = pastDueUnacked(tasks, [{ taskId: 't1', userId: 'u1', ackedAt: 50 }], liaisonsOf, 1000);
		expect(rows.map((row) => [row.task.id, row.missing])).toEqual([['t1', ['u2']]]);
	});
});

describe('attention list', () => {
	const now = at('2026-12-03T12:00:00Z');
	it('lists stale and never-visited buildings, quiet liaisons, overdue and unsigned matters, unacknowledged tasks past due', () => {
		const items = attentionItems({
			now,
			buildings: [
				{ buildingId: 'b1', label: '1幢', lastVisitAt: now - 31 * day },
				{ buildingId: 'b2', label: '2幢', lastVisitAt: now - 30 * day },
				{ buildingId: 'b3', label: '3幢', lastVisitAt: null }
			],
			liaisons: [
				{ userId: 'u1', name: '王芳', lastActivityAt: now - 7 * day },
				{ userId: 'u2', name: '李强', lastActivityAt: now - 6 * day }
			],
			matters: [
				{ id: 'm1', status: 'accepted', description: '路灯', dueAt: now - 2 * day, routedAt: now - 5 * day, destinationName: '光明物业' },
				{ id: 'm2', status: 'routed', description: '井盖', dueAt: now + 5 * day, routedAt: now - 2 * day, destinationName: '光明物业' },
				{ id: 'm3', status: 'routed', description: '楼道', dueAt: now + 5 * day, routedAt: now - 3_600_000, destinationName: null },
				{ id: 'm4', status: 'closed', description: '已办', dueAt: now - 9 * day, routedAt: now - 10 * day, destinationName: null }
			],
			pastDueTasks: [{ task: task({ dueAt: now - day }), missing: ['u2'] }]
		});
		expect(items.map((item) => `${item.kind}:${item.id}`)).toEqual([
			'matter-overdue:m1',
			'task-unacked:t1',
			'matter-unaccepted:m2',
			'liaison:u1',
			'building:b3',
			'building:b1'
		]);
	});
});

describe('matter trends', () => {
	const now = at('2026-12-03T12:00:00+08:00');
	const matter = (over: Partial<TrendMatter>): TrendMatter => ({
		status: 'accepted',
		handledOnSpot: false,
		reportedAt: now - 20 * day,
		routedAt: now - 19 * day,
		dueAt: now - 12 * day,
		closedAt: null,
		resolvedAt: null,
		destination: { kind: 'property' },
		...over
	});

	it('counts a matter overdue at a week end only while it was open past due then', () => {
		const late = matter({ status: 'closed', resolvedAt: now - 3 * day, closedAt: now - 2 * day });
		expect(overdueAt(late, now - 5 * day, now)).toBe(true);
		expect(overdueAt(late, now - 2 * day, now)).toBe(false);
		expect(overdueAt(late, now - 13 * day, now)).toBe(false);
		expect(overdueAt(matter({}), now, now)).toBe(true);
		expect(overdueAt(matter({ status: 'resolved', resolvedAt: now - day }), now, now)).toBe(false);
	});

	it('gives each week its reported, closed and overdue figures', () => {
		const weeks = recentWeeks(now, 4);
		const rows = matterWeeks([matter({ status: 'closed', resolvedAt: now - 3 * day, closedAt: now - 2 * day })], weeks, now);
		expect(rows.map((row) => row.reported)).toEqual([1, 0, 0, 0]);
		expect(rows.at(-1)!.closed).toBe(1);
		// due on 21 Nov, finished on 30 Nov at noon: overdue at the ends of the 2nd and 3rd weeks
		expect(rows.map((row) => row.overdue)).toEqual([0, 1, 1, 0]);
	});
});
