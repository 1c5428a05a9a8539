import { describe, expect, it } from 'vitest';
import { householdLines, layoutCodes, layoutPreview, readHouseholdText } from './households';

describe('layoutPreview', () => {
	it('counts 2 units × 6 floors × 2 rooms as 24 households from 1-101 to 2-602', () => {
		expect(layoutPreview(2, 6, 2)).toEqual({ count: 24, first: '1-101', last: '2-602' });
	});

	it('has nothing to show for an incomplete layout', () => {
		expect(layoutPreview(0, 6, 2)).toBeNull();
		expect(layoutPreview(2, Number.NaN, 2)).toBeNull();
		expect(layoutPreview(2, 1.5, 2)).toBeNull();
	});
});

describe('readHouseholdText', () => {
	it('reads codes separated by spaces, commas, 、 and new lines', () => {
		expect(readHouseholdText('1-101 1-102,1-201，1-202、2-101\n2-102').codes).toEqual([
			'1-101',
			'1-102',
			'1-201',
			'1-202',
			'2-101',
			'2-102'
		]);
	});

	it('flags duplicates however they were typed, and bad codes', () => {
		const read = readHouseholdText('1-101 1－101 1-0101 2-301 abc 3-1');
		expect(read.codes).toEqual(['1-101', '2-301']);
		expect(read.duplicates).toEqual(['1-101']);
		expect(read.invalid).toEqual(['abc', '3-1']);
	});

	it('reads an empty list as no codes', () => {
		expect(readHouseholdText('  \n ')).toEqual({ codes: [], duplicates: [], invalid: [] });
	});
});

describe('householdLines', () => {
	it('puts each unit on its own line, and reads back to the same codes', () => {
		const codes = layoutCodes(2, 2, 2);
		const text = householdLines(codes);
		expect(text).toBe('1-101 1-102 1-201 1-202\n2-101 2-102 2-201 2-202');
		expect(readHouseholdText(text).codes).toEqual(codes);
	});
});
