import { describe, expect, it } from 'vitest';
import type { TaskBuilding } from '$lib/domain/task-context';
import type { TaskSummary } from '$lib/domain/task-report';
import type { TaskView } from '$lib/domain/task-view';
import { historyRows } from './history-rows';

const building: TaskBuilding = { id: 'b1', label: '1号楼', gridId: 'g', microGridId: 'm', compoundName: '', households: [], householdCount: 10 };
const buildings = new Map([[building.id, building]]);

function summary(id: string, closedAt: number | null, createdAt: number): TaskSummary {
	return { id, title: id, kind: 'check', status: 'closed', dueAt: null, round: 1, roundOf: null, createdAt, closedAt, buildings: 1, total: 10, done: 4, acks: 1 };
}

function view(id: string, createdAt: number): TaskView {
	return {
		id,
		title: id,
		kind: 'safety',
		instructions: '',
		createdBy: 'c',
		createdAt,
		dueAt: null,
		status: 'closed',
		round: 2,
		roundOf: 'first',
		scope: ['b1'],
		acks: { l1: 5, l2: 6 },
		reminders: [],
		notes: [],
		progress: { b1: { '1-101': { s: 'visited', by: 'l1', at: 7 }, '1-102': { s: 'absent', by: 'l1', at: 8 } } }
	};
}

describe('history rows', () => {
	it('lists the server tasks, newest closing first', () => {
		const rows = historyRows([summary('old', 100, 1), summary('new', 300, 2), summary('never', null, 200)], [], buildings);
		expect(rows.map((row) => row.id)).toEqual(['new', 'never', 'old']);
	});

	it('adds closed tasks only the live copy has, with figures from it, and never lists one twice', () => {
		const rows = historyRows([summary('both', 100, 1)], [view('both', 1), view('fresh', 500)], buildings);
		expect(rows.map((row) => row.id)).toEqual(['fresh', 'both']);
		expect(rows[0]).toMatchObject({ kind: 'safety', round: 2, buildings: 1, total: 10, done: 2, acks: 2, closedAt: null });
		// The server's figures win for a task it lists.
		expect(rows[1]).toMatchObject({ kind: 'check', done: 4 });
	});
});
