// A large synthetic community for the board and map benchmarks: buildings on a grid of
// micro-grids, each with its household codes, and a seeded random source so runs compare.
import { householdCode, householdDoors } from '../../src/lib/domain/households';

export type BenchBuilding = { id: string; codes: string[]; microGrid: number; column: number; row: number };

/** Deterministic 32-bit PRNG (mulberry32): the same community and changes on every run. */
export function seededRandom(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/**
 * `count` buildings laid out `columns` wide, `perMicroGrid` to a micro-grid (one liaison each),
 * with 2–3 units × 8–22 floors × 2–3 rooms: about 100 households a building on average.
 */
export function benchBuildings(count: number, random: () => number, { columns = 100, perMicroGrid = 5 } = {}): BenchBuilding[] {
	const pick = (low: number, high: number) => low + Math.floor(random() * (high - low + 1));
	return Array.from({ length: count }, (_, index) => {
		const doors = householdDoors(pick(2, 3), pick(8, 22), pick(2, 3));
		return {
			id: `b${String(index).padStart(5, '0')}`,
			codes: doors.map(householdCode),
			microGrid: Math.floor(index / perMicroGrid),
			column: index % columns,
			row: Math.floor(index / columns)
		};
	});
}
