import { describe, expect, it } from 'vitest';
import { doorGridLayout, doorLabel } from './door-grid';
import { householdCode, householdDoors } from './households';

const codesOf = (units: number, floors: number, rooms: number) => householdDoors(units, floors, rooms).map(householdCode);

describe('doorGridLayout', () => {
	it('puts units side by side and floors top to bottom, highest first', () => {
		const layout = doorGridLayout(codesOf(2, 3, 2));
		expect(layout.units).toEqual([
			{ unit: 1, rooms: [1, 2] },
			{ unit: 2, rooms: [1, 2] }
		]);
		expect(layout.columns.map((c) => `${c.unit}/${c.room}${c.unitStart ? '*' : ''}`)).toEqual(['1/1*', '1/2', '2/1*', '2/2']);
		expect(layout.rows.map((row) => row.floor)).toEqual([3, 2, 1]);
		expect(layout.rows[0].cells).toEqual(['1-301', '1-302', '2-301', '2-302']);
		expect(layout.rows[2].cells).toEqual(['1-101', '1-102', '2-101', '2-102']);
		expect(layout.others).toEqual([]);
	});

	it('holds every code exactly once, whatever order they come in', () => {
		const codes = codesOf(3, 6, 2);
		const shuffled = [...codes].reverse();
		const layout = doorGridLayout(shuffled);
		const placed = layout.rows.flatMap((row) => row.cells).filter((code) => code !== null);
		expect(placed.sort()).toEqual([...codes].sort());
		expect(layout.columns).toHaveLength(6);
	});

	it('leaves a gap where a unit lacks a floor or room and keeps the columns aligned', () => {
		const layout = doorGridLayout(['1-101', '1-201', '1-202', '2-101']);
		expect(layout.units).toEqual([
			{ unit: 1, rooms: [1, 2] },
			{ unit: 2, rooms: [1] }
		]);
		expect(layout.rows).toEqual([
			{ floor: 2, cells: ['1-201', '1-202', null] },
			{ floor: 1, cells: ['1-101', null, '2-101'] }
		]);
	});

	it('lists codes it cannot place after the grid, and duplicates once', () => {
		const layout = doorGridLayout(['1-101', 'A座门面', '1-101', '1-0101', '3-1']);
		expect(layout.rows).toEqual([{ floor: 1, cells: ['1-101'] }]);
		expect(layout.others).toEqual(['A座门面', '1-0101', '3-1']);
	});

	it('is empty for a building without codes', () => {
		expect(doorGridLayout([])).toEqual({ units: [], columns: [], rows: [], others: [] });
	});
});

describe('doorLabel', () => {
	it('drops the unit and keeps the floor and room', () => {
		expect(doorLabel('2-301')).toBe('301');
		expect(doorLabel('1-1203')).toBe('1203');
		expect(doorLabel('1-0301')).toBe('301');
	});

	it('shows a code it cannot read as it is', () => {
		expect(doorLabel('A座门面')).toBe('A座门面');
	});
});
