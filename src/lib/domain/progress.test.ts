import { describe, expect, it } from 'vitest';
import type { ProgressEntry, ProgressStatus } from './community-doc';
import {
	buildingState,
	buildingStateColours,
	buildingStates,
	cycleStatus,
	emptyTally,
	isOverdue,
	sumTallies,
	tallyBuilding,
	tallyByUnit,
	tallyHouseholds,
	type Tally
} from './progress';

const mark = (s: ProgressStatus, at: number): ProgressEntry => ({ s, by: 'liaison1', at });
const tally = (fields: Partial<Tally>): Tally => ({ ...emptyTally(), ...fields });

describe('tallyHouseholds', () => {
	const codes = ['1-101', '1-102', '1-201', '2-101'];

	it('counts each status, done and the latest mark', () => {
		const marks = { '1-101': mark('visited', 10), '1-102': mark('absent', 30), '2-101': mark('issue', 20) };
		expect(tallyHouseholds(codes, marks)).toEqual({
			total: 4,
			visited: 1,
			absent: 1,
			refused: 0,
			issue: 1,
			done: 3,
			lastAt: 30
		});
	});

	it('reads a Map the same as a record', () => {
		const marks = new Map([
			['1-201', mark('refused', 5)],
			['2-101', mark('visited', 7)]
		]);
		expect(tallyHouseholds(codes, marks)).toEqual(tally({ total: 4, refused: 1, visited: 1, done: 2, lastAt: 7 }));
	});

	it('ignores marks for codes not in the list, even the latest one', () => {
		const marks = { '1-101': mark('visited', 1), '9-999': mark('visited', 99), constructor: mark('visited', 98) };
		expect(tallyHouseholds(codes, marks)).toEqual(tally({ total: 4, visited: 1, done: 1, lastAt: 1 }));
	});

	it('gives an empty building zero of everything and no lastAt', () => {
		expect(tallyHouseholds([], { '1-101': mark('visited', 1) })).toEqual(emptyTally());
		expect(tallyHouseholds(codes, {})).toEqual(tally({ total: 4 }));
	});

	it('skips a mark with an unknown status', () => {
		const marks = { '1-101': { s: 'bogus', by: 'x', at: 50 } as unknown as ProgressEntry };
		expect(tallyHouseholds(codes, marks)).toEqual(tally({ total: 4 }));
	});
});

describe('tallyBuilding', () => {
	const codes = ['1-101', '1-102', '1-201'];

	it('counts only the marks of its codes when it has them', () => {
		const marks = { '1-101': mark('visited', 5), '9-999': mark('visited', 9) };
		expect(tallyBuilding({ households: codes, householdCount: 3 }, marks)).toEqual(tally({ total: 3, visited: 1, done: 1, lastAt: 5 }));
	});

	it('without codes counts every mark against the household count', () => {
		const marks = { '1-101': mark('visited', 5), '1-102': mark('refused', 7), x: { s: 'bogus', by: 'x', at: 9 } as unknown as ProgressEntry };
		expect(tallyBuilding({ households: [], householdCount: 4 }, marks)).toEqual(tally({ total: 4, visited: 1, refused: 1, done: 2, lastAt: 7 }));
	});

	it('without codes never counts past the household count: the latest marks count, whatever order they come in', () => {
		const entries: [string, ProgressEntry][] = [
			['1-101', mark('visited', 1)],
			['1-102', mark('refused', 3)],
			['1-103', mark('absent', 3)],
			['1-104', mark('issue', 2)]
		];
		const expected = tally({ total: 2, refused: 1, absent: 1, done: 2, lastAt: 3 });
		const building = { households: [], householdCount: 2 };
		expect(tallyBuilding(building, Object.fromEntries(entries))).toEqual(expected);
		expect(tallyBuilding(building, new Map([...entries].reverse()))).toEqual(expected);
		expect(tallyBuilding({ households: [], householdCount: 0 }, Object.fromEntries(entries))).toEqual(emptyTally());
	});

	it('gives an unknown building no households and so nothing done', () => {
		expect(tallyBuilding(undefined, { x: mark('visited', 1) })).toEqual(emptyTally());
	});
});

describe('tallyByUnit', () => {
	it('tallies each unit, in unit order, adding up to the building', () => {
		const codes = ['3-101', '1-101', '1-102', '3-201', '2-101'];
		const marks = { '1-101': mark('visited', 4), '3-201': mark('refused', 9), '3-101': mark('visited', 2) };
		const units = tallyByUnit(codes, marks);
		expect([...units.keys()]).toEqual([1, 2, 3]);
		expect(units.get(1)).toEqual(tally({ total: 2, visited: 1, done: 1, lastAt: 4 }));
		expect(units.get(2)).toEqual(tally({ total: 1 }));
		expect(units.get(3)).toEqual(tally({ total: 2, visited: 1, refused: 1, done: 2, lastAt: 9 }));
		expect(sumTallies(units.values())).toEqual(tallyHouseholds(codes, marks));
	});

	it('puts codes that do not parse under unit 0 and handles an empty building', () => {
		const units = tallyByUnit(['1-101', 'shop'], { shop: mark('absent', 1) });
		expect([...units.keys()]).toEqual([0, 1]);
		expect(units.get(0)).toEqual(tally({ total: 1, absent: 1, done: 1, lastAt: 1 }));
		expect(tallyByUnit([], {}).size).toBe(0);
	});
});

describe('sumTallies', () => {
	it('adds counts and keeps the latest lastAt, skipping nulls', () => {
		const a = tally({ total: 10, visited: 3, absent: 1, done: 4, lastAt: 100 });
		const b = tally({ total: 5, refused: 1, issue: 2, done: 3, lastAt: null });
		const c = tally({ total: 2, visited: 2, done: 2, lastAt: 150 });
		expect(sumTallies([a, b, c])).toEqual({ total: 17, visited: 5, absent: 1, refused: 1, issue: 2, done: 9, lastAt: 150 });
	});

	it('sums nothing to an empty tally', () => {
		expect(sumTallies([])).toEqual(emptyTally());
	});
});

describe('buildingState', () => {
	it('is untouched with no marks, including an empty building', () => {
		expect(buildingState(tally({ total: 10 }))).toBe('untouched');
		expect(buildingState(emptyTally())).toBe('untouched');
	});

	it('is partial, then done when every household has a status', () => {
		expect(buildingState(tally({ total: 10, visited: 3, absent: 2, done: 5 }))).toBe('partial');
		expect(buildingState(tally({ total: 3, visited: 2, absent: 1, done: 3 }))).toBe('done');
	});

	it('needs attention on any refused or issue household, even when done', () => {
		expect(buildingState(tally({ total: 10, refused: 1, done: 1 }))).toBe('attention');
		expect(buildingState(tally({ total: 2, visited: 1, issue: 1, done: 2 }))).toBe('attention');
	});

	it('has a distinct hex colour for every state', () => {
		const colours = buildingStates.map((state) => buildingStateColours[state]);
		for (const colour of colours) expect(colour).toMatch(/^#[0-9a-f]{6}$/);
		expect(new Set(colours).size).toBe(buildingStates.length);
	});
});

describe('cycleStatus', () => {
	it('cycles visited → absent → refused → clear → visited', () => {
		const seen: (ProgressStatus | null)[] = [];
		let status: ProgressStatus | null = null;
		for (let i = 0; i < 5; i++) seen.push((status = cycleStatus(status)));
		expect(seen).toEqual(['visited', 'absent', 'refused', null, 'visited']);
	});

	it('never taps into issue and clears it', () => {
		expect(cycleStatus('issue')).toBeNull();
	});
});

describe('isOverdue', () => {
	const due = 1_000;

	it('is overdue only strictly after the due time', () => {
		expect(isOverdue(due, 999, 'open')).toBe(false);
		expect(isOverdue(due, 1_000, 'open')).toBe(false);
		expect(isOverdue(due, 1_001, 'open')).toBe(true);
	});

	it('never for a task without a due time, a closed task or a finished building', () => {
		expect(isOverdue(null, 5_000, 'open')).toBe(false);
		expect(isOverdue(due, 5_000, 'closed')).toBe(false);
		expect(isOverdue(due, 5_000, 'done')).toBe(false);
		expect(isOverdue(due, 5_000, 'partial')).toBe(true);
		expect(isOverdue(due, 5_000, 'attention')).toBe(true);
	});
});
