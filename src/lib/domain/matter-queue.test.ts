import { describe, expect, it } from 'vitest';
import { standing } from '../../../tests/fixtures/standings';
import type { MatterCategory } from './matter-categories';
import { attentionCount, inTab, listOrder, listViewsOf, matchesFilter, routesAtMeeting, tabCounts, tabOf, type ListedMatter } from './matter-queue';

const hour = 3_600_000;
const now = Date.UTC(2026, 11, 3, 12);

let reportedAt = now - 100 * hour;
const matter = (overrides: Partial<ListedMatter> = {}): ListedMatter => ({
	status: 'reported',
	dueAt: null,
	reminders: 0,
	reportedBy: 'u-liaison',
	gridId: 'g1',
	microGridId: 'm1',
	urgent: false,
	destination: null,
	extensionPending: false,
	category: 'stairwell',
	reportedAt: reportedAt++,
	...overrides
});
const toCompany = { kind: 'property', orgId: 'o1' } as const;
const toStaff = { kind: 'community', userId: 'u-staff' } as const;

const secretary = standing({ userId: 'u-sec', secretary: true });
const chief = standing({ userId: 'u-chief', chiefGridIds: ['g1'] });
const liaison = standing({ userId: 'u-liaison', liaisonMicroGridIds: ['m1'] });
const staff = standing({ userId: 'u-staff', liaisonMicroGridIds: ['m9'] });
const company = standing({ userId: 'u-prop', member: false, propertyOrgIds: ['o1'] });
const street = standing({ userId: 'u-street', member: false, watcher: true });

describe('the views of the matter list', () => {
	it('a company gets the work queue even before anything was routed to it', () => {
		expect(listViewsOf(company, [])).toEqual(['queue']);
	});

	it('community staff get the queue once a matter is routed to them, beside their area', () => {
		expect(listViewsOf(staff, [])).toEqual(['area']);
		expect(listViewsOf(staff, [matter({ status: 'routed', destination: toStaff })])).toEqual(['queue', 'area']);
	});

	it('secretary and chiefs read the overview; the street office too, and its queue when something is routed to the street', () => {
		expect(listViewsOf(secretary, [])).toEqual(['overview']);
		expect(listViewsOf(chief, [])).toEqual(['overview']);
		expect(listViewsOf(street, [matter({ status: 'routed', destination: { kind: 'street', streetId: 's1' } })])).toEqual(['queue', 'overview']);
	});

	it('only the secretary, who routes ordinary matters at the 会商, is sent there from 待派遣', () => {
		expect([secretary, chief, liaison, company, street].map(routesAtMeeting)).toEqual([true, false, false, false, false]);
	});
});

describe('the tabs', () => {
	const routed = matter({ status: 'routed', destination: toCompany, dueAt: now + 50 * hour });
	const late = matter({ status: 'accepted', destination: toCompany, dueAt: now - hour });
	const resolved = matter({ status: 'resolved', destination: toCompany, dueAt: now + 10 * hour });
	const elsewhere = matter({ status: 'routed', destination: { kind: 'property', orgId: 'o2' }, dueAt: now - hour });
	const waiting = matter();
	const closed = matter({ status: 'closed', destination: toCompany });
	const all = [routed, late, resolved, elsewhere, waiting, closed];

	it('the queue holds what is routed to the viewer; 已逾期 cuts across 未签收 and 处理中', () => {
		expect(tabCounts('queue', company, all, now)).toEqual({ unaccepted: 1, 'in-hand': 1, overdue: 1, 'awaiting-verification': 1 });
		expect(inTab('queue', 'in-hand', company, late, now) && inTab('queue', 'overdue', company, late, now)).toBe(true);
	});

	it('the overview holds everything, by stage', () => {
		expect(tabCounts('overview', secretary, all, now)).toEqual({ all: 6, 'awaiting-routing': 1, 'in-hand': 4, overdue: 2, closed: 1 });
	});

	it('the liaison verifies its own resolved reports', () => {
		const someoneElses = matter({ status: 'resolved', destination: toCompany, reportedBy: 'u-chief' });
		expect(tabCounts('area', liaison, [...all, someoneElses], now)).toEqual({ all: 7, 'to-verify': 1, mine: 6 });
	});

	it('an unknown tab falls back to the view’s first', () => {
		expect(tabOf('queue', 'closed')).toBe('unaccepted');
		expect(tabOf('overview', 'closed')).toBe('closed');
		expect(tabOf('area', null)).toBe('all');
	});

	it('a queue reads soonest due first; the others newest first', () => {
		expect([routed, late, resolved].sort(listOrder('queue'))).toEqual([late, resolved, routed]);
		expect([routed, late, resolved].sort(listOrder('overview'))).toEqual([resolved, late, routed]);
	});
});

describe('filters', () => {
	const categories: MatterCategory[] = [
		{ id: 'housing', name: '房屋及楼道', nameEn: '', parentId: null, limits: null, sortOrder: 0 },
		{ id: 'stairwell', name: '楼道卫生', nameEn: '', parentId: 'housing', limits: null, sortOrder: 1 },
		{ id: 'greenery', name: '园林绿化', nameEn: '', parentId: null, limits: null, sortOrder: 2 }
	];

	it('a category takes its sub-categories along; a destination kind must match', () => {
		const stairwell = matter({ destination: toCompany });
		expect(matchesFilter(stairwell, { category: 'housing', destination: null }, categories)).toBe(true);
		expect(matchesFilter(stairwell, { category: 'stairwell', destination: 'property' }, categories)).toBe(true);
		expect(matchesFilter(stairwell, { category: 'greenery', destination: null }, categories)).toBe(false);
		expect(matchesFilter(stairwell, { category: null, destination: 'street' }, categories)).toBe(false);
	});
});

describe('the nav badge', () => {
	it('a handler counts what waits for 签收 and open matters it was reminded about, each once', () => {
		const matters = [
			matter({ status: 'routed', destination: toCompany }),
			matter({ status: 'routed', destination: toCompany, reminders: 2 }),
			matter({ status: 'accepted', destination: toCompany, reminders: 1 }),
			matter({ status: 'accepted', destination: toCompany }),
			matter({ status: 'resolved', destination: toCompany, reminders: 1 }),
			matter({ status: 'routed', destination: { kind: 'property', orgId: 'o2' } })
		];
		expect(attentionCount(company, matters)).toBe(3);
	});

	it('a reporter counts its reports waiting for its verification', () => {
		const matters = [matter({ status: 'resolved', destination: toCompany }), matter({ status: 'resolved', destination: toCompany, reportedBy: 'u-chief' }), matter()];
		expect(attentionCount(liaison, matters)).toBe(1);
		// The chief may verify the liaison's report, but its badge counts only its own.
		expect(attentionCount(chief, matters)).toBe(1);
	});
});

describe("residents' reports (待核实)", () => {
	const fromResident = matter({ status: 'unverified', reportedBy: 'u-other-liaison', microGridId: 'm1' });
	const elsewhere = matter({ status: 'unverified', reportedBy: 'u-other-liaison', microGridId: 'm2', gridId: 'g2' });

	it("wait under 待我核实 for every liaison of the building's micro-grid, and count on its badge", () => {
		expect(inTab('area', 'to-verify', liaison, fromResident, now)).toBe(true);
		expect(inTab('area', 'to-verify', liaison, elsewhere, now)).toBe(false);
		expect(attentionCount(liaison, [fromResident, elsewhere])).toBe(1);
	});

	it("do not fill the chief's or the secretary's badge (they see them in the overview and at the 会商)", () => {
		expect(attentionCount(chief, [fromResident])).toBe(0);
		expect(attentionCount(secretary, [fromResident])).toBe(0);
	});
});
