import { describe, expect, it } from 'vitest';
import { dashboardView, type DashboardInput, type DashboardMatter } from './dashboard-view';

const day = 86_400_000;
const now = Date.parse('2026-12-03T12:00:00+08:00');
const month = { from: Date.parse('2026-12-01T00:00:00+08:00'), to: now + 1 };

const matter = (over: Partial<DashboardMatter>): DashboardMatter => ({
	id: 'm',
	status: 'accepted',
	description: '路灯不亮',
	reportedBy: 'u1',
	gridId: 'g1',
	buildingId: 'b1',
	destinationName: '光明物业',
	handledOnSpot: false,
	reportedAt: now - 2 * day,
	routedAt: now - 2 * day,
	dueAt: now - day,
	closedAt: null,
	resolvedAt: null,
	destination: { kind: 'property' },
	...over
});

function input(): DashboardInput {
	const figure = (households: number, visited: number) => ({ households, visited });
	return {
		now,
		limitedToGrids: false,
		grids: [
			{ id: 'g1', name: '第一网格', chiefIds: ['c1'] },
			{ id: 'g2', name: '第二网格', chiefIds: [] }
		],
		microGrids: [
			{ id: 'mg1', gridId: 'g1', name: '第一微网格', liaisonIds: ['u1'] },
			{ id: 'mg2', gridId: 'g2', name: '第二微网格', liaisonIds: ['u2'] }
		],
		buildings: [
			{ id: 'b1', label: '1号楼', gridId: 'g1', microGridId: 'mg1', households: 10 },
			{ id: 'b2', label: '2号楼', gridId: 'g2', microGridId: 'mg2', households: 20 }
		],
		names: new Map([
			['c1', '王网格长'],
			['u1', '李联络'],
			['u2', '张联络']
		]),
		week: {
			buildings: [
				{ buildingId: 'b1', ...figure(10, 4), lastVisitAt: now - day },
				{ buildingId: 'b2', ...figure(20, 0), lastVisitAt: null }
			],
			grids: [
				{ gridId: 'g1', ...figure(10, 4) },
				{ gridId: 'g2', ...figure(20, 0) }
			],
			liaisons: [
				{ userId: 'u1', ...figure(10, 4), lastActivityAt: now - day },
				{ userId: 'u2', ...figure(20, 0), lastActivityAt: null }
			]
		},
		month: {
			buildings: [
				{ buildingId: 'b1', ...figure(10, 6), lastVisitAt: now - day },
				{ buildingId: 'b2', ...figure(20, 5), lastVisitAt: null }
			],
			grids: [
				{ gridId: 'g1', ...figure(10, 6) },
				{ gridId: 'g2', ...figure(20, 5) }
			],
			liaisons: [
				{ userId: 'u1', ...figure(10, 6), lastActivityAt: now - day },
				{ userId: 'u2', ...figure(20, 5), lastActivityAt: null }
			]
		},
		weekly: [{ period: { from: now - 7 * day, to: now + day }, coverage: figure(30, 4) }],
		tasks: [{ id: 't1', title: '夜查', status: 'open', createdAt: now - 3 * day, dueAt: now - day, scope: ['b1', 'b2'] }],
		acks: [{ taskId: 't1', userId: 'u1', ackedAt: now - 3 * day + 600_000 }],
		matters: [matter({ id: 'm1' }), matter({ id: 'm2', status: 'closed', reportedBy: 'u2', gridId: 'g2', buildingId: 'b2', dueAt: now + day, closedAt: now - 3_600_000 })],
		monthPeriod: month
	};
}

describe('the dashboard view', () => {
	const view = dashboardView(input());

	it('gives each grid and liaison its coverage, 收到 and matter figures as the contract and the rules say', () => {
		const [g1, g2] = view.grids;
		expect(g1).toMatchObject({ name: '第一网格', chiefNames: ['王网格长'], liaisonCount: 1, week: { households: 10, visited: 4 }, month: { visited: 6 } });
		expect(g1.acks).toEqual({ expected: 1, acked: 1, medianAckMs: 600_000 });
		expect(g1.matters).toEqual({ reported: 1, open: 1, overdue: 1, onTimeRate: null });
		expect(g2.matters).toMatchObject({ reported: 1, open: 0, overdue: 0, onTimeRate: 1 });
		const u2 = view.liaisons.find((row) => row.id === 'u2')!;
		expect(u2).toMatchObject({ name: '张联络', gridName: '第二网格', microGridNames: ['第二微网格'], acks: { expected: 1, acked: 0 }, lastActivityAt: null });
	});

	it('sums the community from its buildings and colours buildings by their open matters', () => {
		expect(view.totals.week).toEqual({ households: 30, visited: 4 });
		expect(view.totals.month).toEqual({ households: 30, visited: 11 });
		expect(view.buildings.map((b) => [b.id, b.lastVisitAt, b.matters])).toEqual([
			['b1', now - day, 'overdue'],
			['b2', null, 'none']
		]);
	});

	it('puts the overdue matter, the past-due task and the quiet liaison and never-visited building on the attention list', () => {
		expect(view.attention.map((item) => `${item.kind}:${item.id}`)).toEqual(['matter-overdue:m1', 'task-unacked:t1', 'liaison:u2', 'building:b2']);
		expect(view.attention[1]).toMatchObject({ missing: ['张联络'] });
		expect(view.weeks).toEqual([{ from: now - 7 * day, coverage: { households: 30, visited: 4 }, reported: 2, closed: 1, overdue: 1 }]);
	});
});
