import { describe, expect, it } from 'vitest';
import {
	checkHouseholdCodes,
	generatedHouseholdCodes,
	maxLedgerErrors,
	readLedger,
	type LedgerBuilding
} from './household-ledger';

describe('generatedHouseholdCodes', () => {
	it('lists every door of a building in order', () => {
		expect(generatedHouseholdCodes(2, 2, 2)).toEqual([
			'1-101',
			'1-102',
			'1-201',
			'1-202',
			'2-101',
			'2-102',
			'2-201',
			'2-202'
		]);
		expect(generatedHouseholdCodes(1, 12, 3)).toHaveLength(36);
	});
});

describe('checkHouseholdCodes', () => {
	it('sorts by unit, floor and room and reports the largest of each', () => {
		expect(checkHouseholdCodes(['2-301', '1-1202', ' 1-101 ', '1-201', '2-0102'])).toEqual({
			ok: true,
			codes: ['1-101', '1-201', '1-1202', '2-102', '2-301'],
			units: 2,
			floors: 12,
			roomsPerFloor: 2
		});
	});

	it('names up to five bad codes', () => {
		const check = checkHouseholdCodes(['1-101', '301', 'abc', 7, '', '1-100', '0-101', 'x']);
		expect(check.ok).toBe(false);
		if (!check.ok)
			expect(check.problem).toEqual({
				key: 'problem_household_codes_invalid_more',
				params: { codes: ['301', 'abc', '7', '（空）', '1-100'], total: 7, more: 2 }
			});
	});

	it('names duplicate codes, also when written differently', () => {
		expect(checkHouseholdCodes(['2-301', '2-302', '2-301', '2-0302', '1-101'])).toEqual({
			ok: false,
			problem: { key: 'problem_household_codes_duplicate', params: { codes: ['2-301', '2-302'] } }
		});
	});

	it('rejects an empty list, a list that is not one, and a list too long', () => {
		const keyOf = (codes: unknown) => {
			const check = checkHouseholdCodes(codes);
			return check.ok ? null : check.problem.key;
		};
		expect(keyOf([])).toBe('problem_household_codes_empty');
		expect(keyOf('1-101')).toBe('problem_household_codes_not_list');
		expect(keyOf(null)).toBe('problem_household_codes_not_list');
		const many = generatedHouseholdCodes(10, 21, 10);
		expect(many).toHaveLength(2100);
		const check = checkHouseholdCodes(many);
		expect(check.ok).toBe(false);
		if (!check.ok) expect(check.problem).toEqual({ key: 'problem_household_codes_too_many', params: { max: 2000, count: 2100 } });
		expect(checkHouseholdCodes(many.slice(0, 2000)).ok).toBe(true);
	});
});

const buildings: LedgerBuilding[] = [
	{ id: 'b4', label: '4号楼', compoundName: '翠苑' },
	{ id: 'b5', label: '5号楼', compoundName: '翠苑' },
	{ id: 'a1', label: '1号楼', compoundName: '翠苑' },
	{ id: 'c1', label: '1号楼', compoundName: '雅园' },
	{ id: 'ta', label: 'A座', compoundName: null }
];

describe('readLedger', () => {
	it('reads rows under a Chinese header, with numbers or text', () => {
		const result = readLedger(
			[
				['楼栋', '单元', '楼层', '房号'],
				['4号楼', 1, 3, 301],
				['4', '1', '3', '2'],
				[null, null, null, null],
				[' 5栋 ', '2单元', '12层', '1202室'],
				['04幢', 1, 1, '01']
			],
			buildings
		);
		expect(result.errors).toEqual([]);
		expect(result.rows).toBe(4);
		expect(result.households).toEqual(
			new Map([
				['b4', ['1-101', '1-301', '1-302']],
				['b5', ['2-1202']]
			])
		);
	});

	it('recognises English headers, header variants and columns in any order', () => {
		const english = readLedger(
			[
				['Room', 'Floor', 'Unit', 'Building No.', 'Resident'],
				[2, 3, 1, 'A座', '王五']
			],
			buildings
		);
		expect(english.errors).toEqual([]);
		expect(english.households.get('ta')).toEqual(['1-302']);
		const variants = readLedger(
			[
				['住户台账（2025 年）'],
				[],
				['序号', '楼号', '单元号', '所在楼层', '室', '户主姓名'],
				[1, '5号', 2, 4, 402, '张三']
			],
			buildings
		);
		expect(variants.errors).toEqual([]);
		expect(variants.households.get('b5')).toEqual(['2-402']);
		const short = readLedger([['楼', '单元', '层', '房间'], ['4号楼', 1, 2, 1]], buildings);
		expect(short.households.get('b4')).toEqual(['1-201']);
	});

	it('reads a household code column instead of unit, floor and room', () => {
		const result = readLedger(
			[
				['楼栋', '户号'],
				['4号楼', '2-301'],
				['4号楼', '2-3x1']
			],
			buildings
		);
		expect(result.households.get('b4')).toEqual(['2-301']);
		expect(result.errors).toHaveLength(1);
		expect(result.errors[0].row).toBe(3);
		expect(result.errors[0].problem).toEqual({ key: 'problem_ledger_code_invalid', params: { code: '2-3x1' } });
	});

	it('uses the compound column to tell buildings with the same label apart', () => {
		const result = readLedger(
			[
				['小区', '楼栋', '单元', '楼层', '房号'],
				['翠苑', '1号楼', 1, 1, 1],
				['雅园', '1号楼', 1, 1, 1],
				['雅园', '1', 1, 2, 1],
				['', '1号楼', 1, 3, 1],
				['别处', '4号楼', 1, 3, 1]
			],
			buildings
		);
		expect(result.households.get('a1')).toEqual(['1-101']);
		expect(result.households.get('c1')).toEqual(['1-101', '1-201']);
		expect(result.errors.map((e) => e.row)).toEqual([5, 6]);
		expect(result.errors[0].problem).toEqual({ key: 'problem_ledger_building_ambiguous', params: { building: '1号楼', compounds: ['翠苑', '雅园'] } });
		expect(result.errors[1].problem).toEqual({ key: 'problem_ledger_building_not_in_compound', params: { compound: '别处', building: '4号楼' } });
	});

	it('reports ambiguous labels when there is no compound column', () => {
		const result = readLedger([['楼栋', '单元', '楼层', '房号'], ['1号楼', 1, 1, 1]], buildings);
		expect(result.households.size).toBe(0);
		expect(result.errors).toEqual([{ row: 2, problem: { key: 'problem_ledger_building_ambiguous', params: { building: '1号楼', compounds: ['翠苑', '雅园'] } } }]);
	});

	it('reports each bad row with its sheet row number', () => {
		const result = readLedger(
			[
				['楼栋', '单元', '楼层', '房号'],
				['9号楼', 1, 1, 1],
				['4号楼', 0, 1, 1],
				['4号楼', 1, -2, 1],
				['4号楼', 1.5, 1, 1],
				['4号楼', 1, 3, 401],
				['4号楼', 1, 3, ''],
				['', 1, 3, 1],
				['4号楼', 1, 3, 'x'],
				['4号楼', 1, 3, 300],
				['4号楼', 1, 3, 1]
			],
			buildings
		);
		expect(result.rows).toBe(10);
		expect(result.errors.map((e) => e.row)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10]);
		expect(result.errors.slice(0, 7).map((e) => e.problem)).toEqual([
			{ key: 'problem_ledger_building_unknown', params: { building: '9号楼' } },
			{ key: 'problem_ledger_unit_not_whole', params: { value: '0' } },
			{ key: 'problem_ledger_floor_not_whole', params: { value: '-2' } },
			{ key: 'problem_ledger_unit_not_whole', params: { value: '1.5' } },
			{ key: 'problem_ledger_room_invalid', params: { room: '401', door: '301' } },
			{ key: 'problem_ledger_room_missing', params: {} },
			{ key: 'problem_ledger_building_missing', params: {} }
		]);
		expect(result.households.get('b4')).toEqual(['1-301']);
	});

	it('reports a duplicate household on the later row, naming the earlier one', () => {
		const result = readLedger(
			[
				['楼栋', '单元', '楼层', '房号'],
				['4号楼', 1, 3, 1],
				['5号楼', 1, 3, 1],
				['4栋', 1, 3, 301]
			],
			buildings
		);
		expect(result.errors).toEqual([
			{ row: 4, problem: { key: 'problem_ledger_duplicate', params: { row: 2, building: '4号楼', code: '1-301' } } }
		]);
		expect(result.households.get('b4')).toEqual(['1-301']);
	});

	it('returns one error naming the expected columns when no header is found', () => {
		const result = readLedger(
			[
				['4号楼', 1, 3, 1],
				['4号楼', 1, 3, 2]
			],
			buildings
		);
		expect(result).toEqual({
			households: new Map(),
			errors: [{ row: 1, problem: { key: 'problem_ledger_no_header', params: {} } }],
			rows: 0
		});
		const lookalike = readLedger([['4栋', '2单元', '3层', '301室'], ['4栋', '2单元', '3层', '302室']], buildings);
		expect(lookalike.errors[0].problem.key).toBe('problem_ledger_no_header');
		expect(readLedger([], buildings).errors).toHaveLength(1);
		expect(readLedger([['楼栋', '单元', '楼层']], buildings).errors[0].problem.key).toBe('problem_ledger_no_header');
	});

	it('stops listing errors after the limit but still counts every row', () => {
		const rows = [['楼栋', '单元', '楼层', '房号'], ...Array.from({ length: 250 }, () => ['9号楼', 1, 1, 1])];
		const result = readLedger(rows, buildings);
		expect(result.errors).toHaveLength(maxLedgerErrors);
		expect(result.rows).toBe(250);
	});
});
