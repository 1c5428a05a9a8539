import { describe, expect, it } from 'vitest';
import { progressStatuses, type ProgressEntry, type ProgressStatus } from './community-doc';
import { householdCode, householdDoors } from './households';
import { emptyTally, type Tally } from './progress';
import { ProgressBoard } from './progress-board';

const mark = (s: ProgressStatus, at: number): ProgressEntry => ({ s, by: 'liaison1', at });
const tally = (fields: Partial<Tally>): Tally => ({ ...emptyTally(), ...fields });
const doors = (units: number, floors: number, rooms: number) => householdDoors(units, floors, rooms).map(householdCode);

/** b1, b2 belong to liaison A; b2, b3 to liaison B; b0 is empty and has nobody. */
function smallBoard() {
	const liaisons: Record<string, string[]> = { b1: ['A'], b2: ['A', 'B', 'A'], b3: ['B'] };
	return new ProgressBoard({
		buildings: [
			{ id: 'b0', codes: [] },
			{ id: 'b1', codes: ['1-101', '1-102'], marks: { '1-101': mark('visited', 5), '9-901': mark('visited', 50) } },
			{ id: 'b2', codes: ['1-101', '2-101', '2-102'] },
			{ id: 'b3', codes: ['1-101'] }
		],
		liaisonOf: (id) => liaisons[id] ?? []
	});
}

describe('ProgressBoard', () => {
	it('starts from the given marks, ignoring marks on unknown codes', () => {
		const board = smallBoard();
		expect(board.building('b0')).toEqual(emptyTally());
		expect(board.building('b1')).toEqual(tally({ total: 2, visited: 1, done: 1, lastAt: 5 }));
		expect(board.liaison('A')).toEqual(tally({ total: 5, visited: 1, done: 1, lastAt: 5 }));
		expect(board.liaison('B')).toEqual(tally({ total: 4 }));
		expect(board.task()).toEqual(tally({ total: 6, visited: 1, done: 1, lastAt: 5 }));
		expect(board.building('nope')).toBeUndefined();
		expect(board.liaison('nobody')).toBeUndefined();
	});

	it('counts a building once for a liaison listed twice', () => {
		const board = smallBoard();
		board.apply('b2', '2-101', mark('absent', 8));
		expect(board.liaison('A')).toEqual(tally({ total: 5, visited: 1, absent: 1, done: 2, lastAt: 8 }));
		expect(board.liaison('B')).toEqual(tally({ total: 4, absent: 1, done: 1, lastAt: 8 }));
	});

	it('moves a household from its old status to its new one', () => {
		const board = smallBoard();
		board.apply('b1', '1-101', mark('refused', 9));
		expect(board.building('b1')).toEqual(tally({ total: 2, refused: 1, done: 1, lastAt: 9 }));
		expect(board.task()).toEqual(tally({ total: 6, refused: 1, done: 1, lastAt: 9 }));
	});

	it('clears a mark and takes lastAt back to the latest remaining one', () => {
		const board = smallBoard();
		board.apply('b1', '1-102', mark('visited', 20));
		board.apply('b3', '1-101', mark('absent', 30));
		board.apply('b3', '1-101', null);
		expect(board.building('b3')).toEqual(tally({ total: 1 }));
		expect(board.liaison('B')).toEqual(tally({ total: 4 }));
		expect(board.task().lastAt).toBe(20);
		board.apply('b1', '1-102', null);
		expect(board.building('b1')).toEqual(tally({ total: 2, visited: 1, done: 1, lastAt: 5 }));
		expect(board.task()).toEqual(tally({ total: 6, visited: 1, done: 1, lastAt: 5 }));
	});

	it('ignores marks it cannot place and clears of nothing', () => {
		const board = smallBoard();
		const before = board.snapshot();
		expect(board.apply('nope', '1-101', mark('visited', 1))).toBe(false);
		expect(board.apply('b1', '9-901', mark('visited', 1))).toBe(false);
		expect(board.apply('b0', '1-101', mark('visited', 1))).toBe(false);
		expect(board.apply('b2', '1-101', null)).toBe(false);
		expect(board.snapshot()).toEqual(before);
	});

	it('hands out copies, not its own tallies', () => {
		const board = smallBoard();
		board.task().visited = 99;
		board.building('b1')!.done = 99;
		expect(board.task().visited).toBe(1);
		expect(board.building('b1')!.done).toBe(1);
	});

	it('counts a code listed twice twice, as tallyHouseholds does', () => {
		const board = new ProgressBoard({ buildings: [{ id: 'b', codes: ['1-101', '1-101'] }], liaisonOf: () => ['A'] });
		board.apply('b', '1-101', mark('visited', 1));
		expect(board.task()).toEqual(tally({ total: 2, visited: 2, done: 2, lastAt: 1 }));
		board.apply('b', '1-101', mark('absent', 2));
		expect(board.task()).toEqual(tally({ total: 2, absent: 2, done: 2, lastAt: 2 }));
		expect(board.snapshot()).toEqual(board.recomputeAll());
	});

	it('refuses a building listed twice', () => {
		const input = { buildings: [{ id: 'b', codes: [] }, { id: 'b', codes: [] }], liaisonOf: () => [] };
		expect(() => new ProgressBoard(input)).toThrow(/listed twice/);
	});

	it('matches a full recompute after each of 2,000 random changes', () => {
		let seed = 42; // mulberry32: the same 2,000 changes on every run
		const random = () => {
			let t = (seed = (seed + 0x6d2b79f5) | 0);
			t = Math.imul(t ^ (t >>> 15), t | 1);
			t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
			return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
		};
		const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
		const liaisonIds = ['A', 'B', 'C', 'D'];
		const buildings = Array.from({ length: 12 }, (_, i) => ({
			id: `b${i}`,
			codes: i === 0 ? [] : doors(1 + (i % 3), 1 + (i % 4), 2)
		}));
		const liaisonsOf = new Map(buildings.map(({ id }) => [id, liaisonIds.filter(() => random() < 0.4)]));
		const board = new ProgressBoard({ buildings, liaisonOf: (id) => liaisonsOf.get(id)! });

		let now = 1_000;
		for (let step = 0; step < 2_000; step++) {
			const building = pick(buildings);
			const code = random() < 0.05 ? '9-999' : pick(building.codes.length ? building.codes : ['1-101']);
			// Times mostly move forward but sometimes go back, as offline edits arrive late.
			now += Math.floor(random() * 10) - 2;
			const entry = random() < 0.25 ? null : mark(pick(progressStatuses), now);
			board.apply(building.id, code, entry);
			expect(board.snapshot(), `step ${step}`).toEqual(board.recomputeAll());
		}
		expect(board.task().done).toBeGreaterThan(0);
	});
});
