import { describe, expect, it } from 'vitest';
import { periodCoverage } from '../../domain/coverage';
import { demoCommunity, householdCodes } from './demo-community';
import { demoHistory, type HistoryPlaces, type PlannedTask } from './demo-history';

const community = demoCommunity();
const places: HistoryPlaces = {
	secretaryId: 'secretary',
	grids: community.grids.map((grid) => ({
		chiefId: grid.chief.username,
		microGrids: grid.microGrids.map((micro) => ({
			liaisonId: micro.liaison.username,
			buildings: micro.buildings.map((b) => ({ id: `${b.compoundKey}/${b.label}`, label: b.label, codes: householdCodes(b.units, b.floors, b.roomsPerFloor), neglectedSince: null }))
		}))
	}))
};
const counter = () => {
	let n = 0;
	return () => `t${++n}`;
};
const day = 86_400_000;
// A Friday afternoon in Yangzhou (UTC+8).
const now = Date.UTC(2026, 11, 4, 7, 30);
const history = demoHistory(places, now, counter());
const { today, tasks } = history;
const marks = tasks.flatMap((task) => task.marks.map((mark) => ({ ...mark, taskId: task.id })));
const households = new Map(places.grids.flatMap((g) => g.microGrids.flatMap((m) => m.buildings.map((b) => [b.id, b.codes] as const))));
const coverage = (from: number, to: number) =>
	periodCoverage(households, marks.map((m, i) => ({ id: i + 1, taskId: m.taskId, buildingId: m.buildingId, code: m.code, status: m.s, at: m.at })), { from, to });

describe('demoHistory', () => {
	it('is the same every time, and moves with the day it is seeded on', () => {
		expect(demoHistory(places, now, counter())).toEqual(history);
		// Later the same day: the same history.
		expect(demoHistory(places, now + 3 * 3_600_000, counter())).toEqual(history);
		const shift = (task: PlannedTask, by: number): PlannedTask => ({
			...task,
			createdAt: task.createdAt + by,
			dueAt: task.dueAt === null ? null : task.dueAt + by,
			closedAt: task.closedAt === null ? null : task.closedAt + by,
			acks: task.acks.map((a) => ({ ...a, at: a.at + by })),
			reminders: task.reminders.map((r) => ({ ...r, at: r.at + by })),
			notes: task.notes.map((n) => ({ ...n, at: n.at + by })),
			marks: task.marks.map((m) => ({ ...m, at: m.at + by }))
		});
		// A week later: the same weekdays, so the same history a week on.
		const week = demoHistory(places, now + 7 * day, counter());
		expect(week.today).toBe(today + 7 * day);
		expect(week.tasks).toEqual(tasks.map((task) => shift(task, 7 * day)));
	});

	it('ends yesterday: nothing happens today or later, except due times ahead', () => {
		for (const task of tasks) {
			expect(task.createdAt).toBeLessThan(today);
			if (task.closedAt !== null) expect(task.closedAt).toBeLessThan(today);
			for (const time of [...task.marks.map((m) => m.at), ...task.acks.map((a) => a.at), ...task.reminders.map((r) => r.at)]) {
				expect(time).toBeLessThan(today);
				expect(time).toBeGreaterThanOrEqual(task.createdAt);
			}
		}
		expect(Math.min(...tasks.map((t) => t.createdAt))).toBeGreaterThanOrEqual(today - 56 * day);
	});

	it('has a weekly round per grid for eight weeks, chained, the last one still open', () => {
		for (const grid of places.grids) {
			const rounds = tasks.filter((t) => t.title.endsWith('每周入户走访') && t.createdBy === grid.chiefId);
			expect(rounds.map((r) => r.round)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
			expect(rounds.slice(1).every((r) => r.roundOf === rounds[0].id)).toBe(true);
			expect(rounds.map((r) => r.closedAt === null)).toEqual([false, false, false, false, false, false, false, true]);
			expect(new Set(rounds.map((r) => r.scope.length))).toEqual(new Set([grid.microGrids.flatMap((m) => m.buildings).length]));
		}
		expect(tasks.filter((t) => t.closedAt === null).map((t) => t.title).sort()).toEqual(['第一网格', '第二网格', '第三网格', '第四网格', '第五网格'].map((grid) => `${grid}每周入户走访`).concat('出租房屋和流动人口信息登记').sort());
		expect(tasks.filter((t) => t.title.endsWith('电动车入户充电夜查')).length).toBe(20);
	});

	it('reaches most households in a month and a third to four fifths in a week', () => {
		const month = coverage(today - 28 * day, today);
		expect(month.reached / month.households).toBeGreaterThan(0.85);
		expect(month.reached / month.households).toBeLessThan(0.99);
		for (let week = 1; week <= 7; week++) {
			const share = coverage(today - week * 7 * day, today - (week - 1) * 7 * day);
			expect(share.reached / share.households, `week ${week}`).toBeGreaterThan(0.25);
			expect(share.reached / share.households, `week ${week}`).toBeLessThan(0.85);
		}
		const statuses = new Set(marks.map((m) => m.s));
		expect(statuses).toEqual(new Set(['visited', 'absent', 'refused', 'issue']));
		expect(marks.filter((m) => m.s === 'issue').every((m) => m.note)).toBe(true);
	});

	it('has liaison17 quiet for ten days, and three buildings unvisited for over 30 days', () => {
		const lastBy = (userId: string) => Math.max(...tasks.flatMap((t) => [...t.marks.filter((m) => m.by === userId).map((m) => m.at), ...t.acks.filter((a) => a.userId === userId).map((a) => a.at)]));
		const liaisons = places.grids.flatMap((g) => g.microGrids.map((m) => m.liaisonId));
		const quiet = liaisons.filter((id) => lastBy(id) < today - 7 * day);
		expect(quiet).toEqual(['liaison17']);
		expect(lastBy('liaison17')).toBeLessThan(today - 10 * day);
		expect(lastBy('liaison17')).toBeGreaterThan(today - 14 * day);

		const lastVisit = new Map<string, number>();
		for (const mark of marks) lastVisit.set(mark.buildingId, Math.max(lastVisit.get(mark.buildingId) ?? 0, mark.at));
		const stale = [...households.keys()].filter((id) => (lastVisit.get(id) ?? 0) < today - 30 * day);
		expect(stale.sort()).toEqual(['guangming/20号楼', 'huajian/15号楼', 'huajian/9号楼']);
		expect(stale.every((id) => lastVisit.has(id))).toBe(true);
	});

	it('has prompt, late and missing 收到, and roll-call reminders to those who had not answered', () => {
		const delays = tasks.flatMap((t) => t.acks.map((a) => a.at - t.createdAt));
		expect(delays.filter((d) => d < 30 * 60_000).length).toBeGreaterThan(100);
		expect(delays.filter((d) => d > 4 * 3_600_000).length).toBeGreaterThan(20);
		const expected = tasks.reduce((sum, t) => sum + new Set(places.grids.flatMap((g) => g.microGrids.filter((m) => m.buildings.some((b) => t.scope.includes(b.id))).map((m) => m.liaisonId))).size, 0);
		const given = tasks.reduce((sum, t) => sum + t.acks.length, 0);
		expect(given).toBeLessThan(expected);
		expect(given).toBeGreaterThan(expected * 0.85);
		const reminders = tasks.flatMap((t) => t.reminders.map((r) => ({ task: t, reminder: r })));
		expect(reminders.length).toBeGreaterThan(10);
		for (const { task, reminder } of reminders) {
			expect(reminder.by).toBe(task.createdBy);
			for (const userId of reminder.to) expect(task.acks.find((a) => a.userId === userId && a.at <= reminder.at)).toBeUndefined();
		}
	});
});

describe('demoHistory on any day of the week', () => {
	it.each([1, 2, 3, 4, 5, 6])('keeps its story when seeded %i days later', (days) => {
		const later = demoHistory(places, now + days * day, counter());
		const start = later.today;
		const all = later.tasks.flatMap((t) => t.marks);
		const lastBy = (userId: string) => Math.max(0, ...later.tasks.flatMap((t) => [...t.marks.filter((m) => m.by === userId).map((m) => m.at), ...t.acks.filter((a) => a.userId === userId).map((a) => a.at)]));
		const quiet = places.grids.flatMap((g) => g.microGrids.map((m) => m.liaisonId)).filter((id) => lastBy(id) < start - 7 * day);
		expect(quiet).toEqual(['liaison17']);
		const lastVisit = new Map<string, number>();
		for (const mark of all) lastVisit.set(mark.buildingId, Math.max(lastVisit.get(mark.buildingId) ?? 0, mark.at));
		expect([...households.keys()].filter((id) => (lastVisit.get(id) ?? 0) < start - 30 * day).sort()).toEqual(['guangming/20号楼', 'huajian/15号楼', 'huajian/9号楼']);
		expect(later.tasks.filter((t) => t.title.endsWith('每周入户走访')).length).toBe(40);
		expect(later.tasks.filter((t) => t.closedAt === null).length).toBe(6);
		for (const time of all.map((m) => m.at)) expect(time).toBeLessThan(start);
	});
});

describe('demoHistory hours', () => {
	it('has 收到 and door knocks only in waking hours, on the community’s clock', () => {
		const hourOf = (epoch: number) => new Date(epoch + 8 * 3_600_000).getUTCHours();
		for (const task of tasks) {
			for (const ack of task.acks) expect(hourOf(ack.at), task.title).toBeGreaterThanOrEqual(7);
			for (const ack of task.acks) expect(hourOf(ack.at), task.title).toBeLessThan(23);
			for (const mark of task.marks) expect(hourOf(mark.at)).toBeGreaterThanOrEqual(9);
			for (const mark of task.marks) expect(hourOf(mark.at)).toBeLessThan(23);
		}
	});
});
