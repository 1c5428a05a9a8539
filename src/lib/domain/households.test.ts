import { describe, expect, it } from 'vitest';
import { householdCode, householdDoors, parseHouseholdCode } from './households';

describe('household codes', () => {
	it('writes unit, floor and a two-digit room', () => {
		expect(householdCode({ unit: 2, floor: 3, room: 1 })).toBe('2-301');
		expect(householdCode({ unit: 1, floor: 11, room: 4 })).toBe('1-1104');
	});

	it('reads back what it writes and rejects nonsense', () => {
		expect(parseHouseholdCode('1-1104')).toEqual({ unit: 1, floor: 11, room: 4 });
		expect(parseHouseholdCode('2-301')).toEqual({ unit: 2, floor: 3, room: 1 });
		expect(parseHouseholdCode('301')).toBeNull();
		expect(parseHouseholdCode('0-101')).toBeNull();
		expect(parseHouseholdCode('1-100')).toBeNull();
	});

	it('lists every door of a building once, in order', () => {
		const doors = householdDoors(2, 3, 2);
		expect(doors).toHaveLength(12);
		expect(doors.map(householdCode).slice(0, 3)).toEqual(['1-101', '1-102', '1-201']);
		expect(new Set(doors.map(householdCode)).size).toBe(12);
	});
});
