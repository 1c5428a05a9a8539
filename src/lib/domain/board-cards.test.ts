import { describe, expect, it } from 'vitest';
import {
	boardBuildings,
	boardCards,
	bucketCounts,
	nextRoundDue,
	notAcknowledged,
	searchCards,
	sortCards,
	taskFigures,
	unassignedCardKey,
	type BoardCard
} from './board-cards';
import type { ProgressEntry, ProgressStatus } from './community-doc';
import type { CommunityPerson } from './community-people';
import { namedZone } from './due-times';
import type { TaskBuilding, TaskContext } from './task-context';
import { capabilities } from '../../../tests/fixtures/standings';
import type { TaskView } from './task-view';

const person = (id: string, displayName: string, phone = ''): CommunityPerson => ({
	id,
	displayName,
	phone,
	partyMember: false,
	roles: ['liaison'],
	gridIds: [],
	microGridIds: []
});

const building = (id: string, label: string, microGridId: string | null, households: string[], householdCount = households.length): TaskBuilding => ({
	id,
	label,
	gridId: microGridId ? 'g1' : 'g2',
	microGridId,
	compoundName: '乐雅苑',
	households,
	householdCount
});


// b1 (3 households) for 张三, b2 (2) shared by 李四 and 王五, b3 (no codes, 4 households) in a
// micro-grid with nobody, b4 outside the scope.
const context: TaskContext = {
	community: { id: 'c1', name: '乐雅社区' },
	capabilities: capabilities({ userId: 'chief', chiefGridIds: ['g1'] }),
	people: [person('u-zhang', '张三', '13800000001'), person('u-li', '李四'), person('u-wang', '王五')],
	grids: [{ id: 'g1', name: '一网格', chiefIds: ['chief'] }],
	microGrids: [
		{ id: 'm1', gridId: 'g1', name: '一', liaisonIds: ['u-zhang'] },
		{ id: 'm2', gridId: 'g1', name: '二', liaisonIds: ['u-li', 'u-wang'] },
		{ id: 'm3', gridId: 'g1', name: '三', liaisonIds: [] }
	],
	buildings: [
		building('b1', '1栋', 'm1', ['1-101', '1-102', '1-201']),
		building('b2', '2栋', 'm2', ['1-101', '1-102']),
		building('b3', '3栋', 'm3', [], 4),
		building('b4', '4栋', 'm1', ['1-101'])
	]
};

const mark = (s: ProgressStatus, by: string, at: number): ProgressEntry => ({ s, by, at });

function task(fields: Partial<TaskView> = {}): TaskView {
	return {
		id: 't1',
		title: '今晚排查',
		kind: 'check',
		instructions: '',
		createdBy: 'chief',
		createdAt: 0,
		dueAt: 1_000,
		status: 'open',
		round: 1,
		roundOf: null,
		scope: ['b1', 'b2', 'b3'],
		acks: {},
		reminders: [],
		notes: [],
		progress: {},
		...fields
	};
}

const byKey = (cards: BoardCard[]) => Object.fromEntries(cards.map((card) => [card.key, card]));

describe('boardBuildings', () => {
	it('lists the scope in label order with state, unknown ids last', () => {
		const view = task({ scope: ['zz', 'b2', 'b1'], progress: { b1: { '1-101': mark('issue', 'u', 3) } } });
		const list = boardBuildings(view, context);
		expect(list.map((b) => b.id)).toEqual(['b1', 'b2', 'zz']);
		expect(list[0]).toMatchObject({ label: '1栋', state: 'attention' });
		expect(list[1].state).toBe('untouched');
		expect(list[2]).toMatchObject({ label: 'zz', compoundName: '' });
	});
});

describe('boardCards', () => {
	it('gives each liaison of the scope a card with their buildings, and an unassigned card last', () => {
		const cards = boardCards(task(), context, 0);
		expect(cards.map((card) => card.key)).toEqual(['u-li', 'u-wang', 'u-zhang', unassignedCardKey]);
		const cardOf = byKey(cards);
		expect(cardOf['u-zhang']).toMatchObject({ name: '张三', phone: '13800000001', ackAt: null, bucket: 'not-acknowledged' });
		expect(cardOf['u-zhang'].buildings.map((b) => b.id)).toEqual(['b1']);
		expect(cardOf['u-li'].buildings.map((b) => b.id)).toEqual(['b2']);
		expect(cardOf['u-wang'].buildings.map((b) => b.id)).toEqual(['b2']);
		expect(cardOf[unassignedCardKey]).toMatchObject({ userId: null, bucket: 'in-progress' });
		expect(cardOf[unassignedCardKey].buildings.map((b) => b.id)).toEqual(['b3']);
	});

	it('leaves out liaisons whose micro-grids have no building in the scope', () => {
		expect(boardCards(task({ scope: ['b2'] }), context, 0).map((card) => card.key)).toEqual(['u-li', 'u-wang']);
	});

	it('puts a building with no micro-grid or no known place on the unassigned card', () => {
		const place = { ...context, buildings: [...context.buildings, building('b5', '5栋', null, ['1-101'])] };
		const cards = boardCards(task({ scope: ['b5', 'ghost'] }), place, 0);
		expect(cards.map((card) => card.key)).toEqual([unassignedCardKey]);
		expect(cards[0].buildings.map((b) => b.id)).toEqual(['b5', 'ghost']);
	});

	it('buckets by issues, then done, then the ack', () => {
		const progress = {
			b1: { '1-101': mark('visited', 'u-zhang', 10), '1-102': mark('absent', 'u-zhang', 11), '1-201': mark('visited', 'u-zhang', 12) },
			b2: { '1-101': mark('refused', 'u-li', 20) }
		};
		const cardOf = byKey(boardCards(task({ progress }), context, 0));
		expect(cardOf['u-zhang'].bucket).toBe('done');
		expect(cardOf['u-li'].bucket).toBe('has-issues');
		expect(cardOf['u-wang'].bucket).toBe('has-issues');
		const acked = byKey(boardCards(task({ acks: { 'u-li': 5 } }), context, 0));
		expect(acked['u-li'].bucket).toBe('in-progress');
		expect(acked['u-wang'].bucket).toBe('not-acknowledged');
	});

	it("sums a liaison's buildings and takes their own latest ack or mark as last activity", () => {
		const progress = {
			b2: { '1-101': mark('visited', 'u-wang', 40), '1-102': mark('visited', 'u-li', 30) }
		};
		const cardOf = byKey(boardCards(task({ progress, acks: { 'u-li': 50, 'u-wang': 5 } }), context, 0));
		expect(cardOf['u-li'].tally).toMatchObject({ total: 2, visited: 2, done: 2, lastAt: 40 });
		expect(cardOf['u-li'].lastAt).toBe(50);
		expect(cardOf['u-wang'].lastAt).toBe(40);
		expect(cardOf['u-zhang'].lastAt).toBeNull();
	});

	it('counts the reminders sent to each liaison', () => {
		const reminders = [
			{ by: 'chief', at: 1, to: ['u-zhang', 'u-li'] },
			{ by: 'chief', at: 2, to: ['u-zhang'] }
		];
		const cardOf = byKey(boardCards(task({ reminders }), context, 0));
		expect([cardOf['u-zhang'].reminders, cardOf['u-li'].reminders, cardOf['u-wang'].reminders]).toEqual([2, 1, 0]);
	});

	it('marks cards with work left as overdue after the due time, not at it, and never when closed', () => {
		const done = { b1: { '1-101': mark('visited', 'u', 1), '1-102': mark('visited', 'u', 1), '1-201': mark('visited', 'u', 1) } };
		expect(byKey(boardCards(task({ progress: done }), context, 1_000))['u-li'].overdue).toBe(false);
		const late = byKey(boardCards(task({ progress: done }), context, 1_001));
		expect(late['u-li'].overdue).toBe(true);
		expect(late['u-zhang'].overdue).toBe(false);
		expect(byKey(boardCards(task({ status: 'closed' }), context, 5_000))['u-li'].overdue).toBe(false);
		expect(byKey(boardCards(task({ dueAt: null }), context, 5_000))['u-li'].overdue).toBe(false);
	});
});

describe('sorting and search', () => {
	const progress = {
		b1: { '1-101': mark('visited', 'u-zhang', 100) },
		b2: { '1-101': mark('visited', 'u-li', 50), '1-102': mark('visited', 'u-li', 60) }
	};
	const cards = boardCards(task({ progress, acks: { 'u-wang': 10 } }), context, 0);

	it('sorts by progress, least done first, the unassigned card last', () => {
		// 王五 and 李四 share b2 (2/2), 张三 has 1/3, unassigned 0/4.
		expect(sortCards(cards, 'progress').map((card) => card.key)).toEqual(['u-zhang', 'u-li', 'u-wang', unassignedCardKey]);
	});

	it('sorts by last activity, most recent first, never-active last', () => {
		const withIdle = boardCards(task({ progress, scope: ['b1', 'b2'] }), context, 0);
		expect(sortCards(withIdle, 'activity').map((card) => card.key)).toEqual(['u-zhang', 'u-li', 'u-wang']);
	});

	it('sorts by name', () => {
		expect(sortCards([...cards].reverse(), 'name').map((card) => card.key)).toEqual(['u-li', 'u-wang', 'u-zhang', unassignedCardKey]);
	});

	it('finds cards by liaison name or building label, ignoring case and spaces', () => {
		expect(searchCards(cards, ' 张 ').map((card) => card.key)).toEqual(['u-zhang']);
		expect(searchCards(cards, '2栋').map((card) => card.key)).toEqual(['u-li', 'u-wang']);
		expect(searchCards(cards, '乐雅苑3栋').map((card) => card.key)).toEqual([unassignedCardKey]);
		expect(searchCards(cards, '')).toHaveLength(4);
		expect(searchCards(cards, 'nobody')).toEqual([]);
	});
});

describe('figures, buckets and roll-call', () => {
	it('counts each building once for the task, and the acknowledged liaisons', () => {
		const progress = { b2: { '1-101': mark('visited', 'u-li', 1) }, b3: { x: mark('absent', 'u', 2) } };
		const view = task({ progress, acks: { 'u-li': 1 } });
		const cards = boardCards(view, context, 0);
		const figures = taskFigures(view, cards, 0);
		expect(figures.tally).toMatchObject({ total: 9, visited: 1, absent: 1, done: 2, lastAt: 2 });
		expect(figures).toMatchObject({ buildings: 3, liaisons: 3, acknowledged: 1, overdue: false });
		expect(taskFigures(view, cards, 2_000).overdue).toBe(true);
		expect(taskFigures({ ...view, status: 'closed' }, cards, 2_000).overdue).toBe(false);
	});

	it('counts cards per bucket', () => {
		const cards = boardCards(task({ acks: { 'u-li': 1 }, progress: { b1: { '1-101': mark('issue', 'u', 1) } } }), context, 0);
		expect(bucketCounts(cards)).toEqual({ 'not-acknowledged': 1, 'in-progress': 2, done: 0, 'has-issues': 1 });
	});

	it('lists the liaisons who have not acknowledged, never the unassigned card', () => {
		const cards = boardCards(task({ acks: { 'u-li': 1 } }), context, 0);
		expect(notAcknowledged(cards).map((card) => card.key)).toEqual(['u-wang', 'u-zhang']);
	});
});

describe('nextRoundDue', () => {
	const shanghai = namedZone('Asia/Shanghai');
	// Tuesday 2025-06-03 22:00 in Shanghai.
	const due = Date.UTC(2025, 5, 3, 14, 0);

	it('takes the old due time a week on while that lies ahead', () => {
		expect(nextRoundDue(due, due - 3_600_000, shanghai)).toBe(due + 7 * 86_400_000);
		expect(nextRoundDue(due, due + 86_400_000, shanghai)).toBe(due + 7 * 86_400_000);
	});

	it('skips weeks that have passed, landing on the same weekday and time', () => {
		const now = due + 15 * 86_400_000;
		expect(nextRoundDue(due, now, shanghai)).toBe(due + 21 * 86_400_000);
		expect(nextRoundDue(due, due + 14 * 86_400_000, shanghai)).toBe(due + 21 * 86_400_000);
	});

	it('keeps the wall-clock time across a daylight-saving change', () => {
		const berlin = namedZone('Europe/Berlin');
		// Friday 2025-03-28 20:00 CET; a week on is Friday 2025-04-04 20:00 CEST, one hour earlier in UTC.
		const before = Date.UTC(2025, 2, 28, 19, 0);
		expect(nextRoundDue(before, before + 1, berlin)).toBe(Date.UTC(2025, 3, 4, 18, 0));
	});

	it('gives a task without a due time tonight 22:00', () => {
		const morning = Date.UTC(2025, 5, 3, 1, 0); // 09:00 in Shanghai
		expect(nextRoundDue(null, morning, shanghai)).toBe(due);
	});
});
