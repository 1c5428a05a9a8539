import { describe, expect, it } from 'vitest';
import { ackOf, alertKeys, checkAlerts, liaisonBuildingTallies, lastReminderTo, seenLimit, showsReminder, tasksForBuildings, unacked } from './liaison-inbox';
import { tallyBuilding } from './progress';
import type { TaskView } from './task-view';

function task(id: string, patch: Partial<TaskView> = {}): TaskView {
	return {
		id,
		title: id,
		kind: 'check',
		instructions: '',
		createdBy: 'chief',
		createdAt: 1_000,
		dueAt: null,
		status: 'open',
		round: 1,
		roundOf: null,
		scope: ['b1'],
		acks: {},
		reminders: [],
		notes: [],
		progress: {},
		...patch
	};
}

describe('tasksForBuildings', () => {
	it('keeps open tasks touching any of the buildings, newest first', () => {
		const list = [
			task('old', { createdAt: 1, scope: ['b1', 'b9'] }),
			task('other', { createdAt: 5, scope: ['b9'] }),
			task('closed', { createdAt: 6, status: 'closed' }),
			task('new', { createdAt: 3, scope: ['b2'] })
		];
		expect(tasksForBuildings(list, ['b1', 'b2']).map((t) => t.id)).toEqual(['new', 'old']);
		expect(tasksForBuildings(list, [])).toEqual([]);
	});
});

describe('acks and reminders', () => {
	const acked = task('a', { acks: { me: 42, other: 7 } });
	const open = task('o', { acks: { other: 7 } });

	it('reads the own ack only', () => {
		expect(ackOf(acked, 'me')).toBe(42);
		expect(ackOf(open, 'me')).toBeNull();
		expect(unacked([acked, open], 'me').map((t) => t.id)).toEqual(['o']);
	});

	it('finds the latest reminder addressed to the user', () => {
		const reminded = task('r', {
			reminders: [
				{ by: 'chief', at: 10, to: ['me', 'x'] },
				{ by: 'chief', at: 30, to: ['x'] },
				{ by: 'chief', at: 20, to: ['me'] }
			]
		});
		expect(lastReminderTo(reminded, 'me')).toBe(20);
		expect(lastReminderTo(reminded, 'nobody')).toBeNull();
	});

	it('shows a reminder until the task is acknowledged or opened after it', () => {
		const reminded = task('r', { reminders: [{ by: 'chief', at: 100, to: ['me'] }] });
		expect(showsReminder(reminded, 'me', null)).toBe(true);
		expect(showsReminder(reminded, 'me', 50)).toBe(true);
		expect(showsReminder(reminded, 'me', 100)).toBe(false);
		expect(showsReminder(reminded, 'me', 150)).toBe(false);
		expect(showsReminder({ ...reminded, acks: { me: 120 } }, 'me', null)).toBe(false);
		expect(showsReminder(task('plain'), 'me', null)).toBe(false);
	});
});

describe('alerts', () => {
	it('names unacknowledged tasks and their latest reminder to the user', () => {
		const list = [
			task('t1'),
			task('t2', { acks: { me: 5 }, reminders: [{ by: 'chief', at: 9, to: ['me'] }] }),
			task('t3', { reminders: [{ by: 'chief', at: 9, to: ['me'] }, { by: 'chief', at: 12, to: ['me'] }] })
		];
		expect(alertKeys(list, 'me')).toEqual(['t:t1', 't:t3', 'r:t3:12']);
	});

	it('stays silent the first time and remembers what was there', () => {
		expect(checkAlerts(null, ['t:a', 't:b'])).toEqual({ fresh: [], seen: ['t:a', 't:b'] });
	});

	it('reports only what was not seen before: a new task, then a new reminder', () => {
		const first = checkAlerts(['t:a'], ['t:a', 't:b']);
		expect(first.fresh).toEqual(['t:b']);
		const second = checkAlerts(first.seen, ['t:a', 't:b', 'r:b:100']);
		expect(second.fresh).toEqual(['r:b:100']);
		expect(checkAlerts(second.seen, ['t:a', 't:b', 'r:b:100']).fresh).toEqual([]);
	});

	it('does not alert again for a task that left and came back (a reloaded copy)', () => {
		const emptied = checkAlerts(['t:a'], []);
		expect(emptied.fresh).toEqual([]);
		expect(checkAlerts(emptied.seen, ['t:a']).fresh).toEqual([]);
	});

	it('forgets the oldest keys beyond the limit, never the current ones', () => {
		const old = Array.from({ length: seenLimit }, (_, index) => `t:old${index}`);
		const { seen } = checkAlerts(old, ['t:now']);
		expect(seen).toHaveLength(seenLimit);
		expect(seen.at(-1)).toBe('t:now');
		expect(seen).not.toContain('t:old0');
	});
});

describe('liaisonBuildingTallies', () => {
	it('keeps the liaison\'s buildings of the scope in their order, each with its tallyBuilding', () => {
		const marks = { '1-101': { s: 'visited', by: 'me', at: 5 }, '9-999': { s: 'visited', by: 'me', at: 7 } } as const;
		const view = task('t1', { scope: ['b2', 'b1'], progress: { b1: marks, b2: marks } });
		const buildings = [
			{ id: 'b1', households: ['1-101', '1-102'], householdCount: 2 },
			{ id: 'b2', households: [], householdCount: 1 },
			{ id: 'b3', households: ['1-101'], householdCount: 1 }
		];
		const rows = liaisonBuildingTallies(view, buildings);
		expect(rows.map((row) => row.building.id)).toEqual(['b1', 'b2']);
		expect(rows[0].tally).toEqual(tallyBuilding(buildings[0], marks));
		expect(rows[0].tally).toMatchObject({ total: 2, done: 1 });
		expect(rows[1].tally).toMatchObject({ total: 1, done: 1, lastAt: 7 });
	});
});
