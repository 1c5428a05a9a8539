import { describe, expect, it } from 'vitest';
import { metresBetween, possibleDuplicates, type MatterSpot } from './matter-duplicates';

// Around 乐雅社区 (Yangzhou): 0.0001° of latitude is about 11 m.
const here: [number, number] = [119.4, 32.35];
const north = (metres: number): [number, number] => [here[0], here[1] + metres / 111_195];

const spot = (id: string, overrides: Partial<MatterSpot> = {}): MatterSpot => ({ id, categoryId: 'lamp', status: 'reported', buildingId: null, point: here, ...overrides });

describe('possible duplicates', () => {
	it('flags open matters of the same category in the same building or within 30 m', () => {
		const matter = spot('new', { buildingId: 'b1' });
		const others = [
			spot('same-building-far', { buildingId: 'b1', point: north(500) }),
			spot('near', { point: north(25) }),
			spot('too-far', { point: north(40) }),
			spot('other-category', { categoryId: 'tree' }),
			spot('closed', { status: 'closed' }),
			spot('merged', { status: 'merged' }),
			spot('resolved-still-open', { status: 'resolved', point: north(10) }),
			spot('new', { buildingId: 'b1' })
		];
		expect(possibleDuplicates(matter, others).map((m) => m.id)).toEqual(['same-building-far', 'near', 'resolved-still-open']);
	});

	it('a matter without a point or building has no neighbours by distance', () => {
		expect(possibleDuplicates(spot('new', { point: null }), [spot('near')])).toEqual([]);
	});

	it('measures metres on the ground', () => {
		expect(metresBetween(here, north(30))).toBeCloseTo(30, 0);
		expect(metresBetween(here, here)).toBe(0);
	});
});
