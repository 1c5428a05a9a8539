import { describe, expect, it } from 'vitest';
import { readLedger, type LedgerBuilding } from '../domain/household-ledger';
import {
	gbkBytes,
	ledgerCsv,
	ledgerGbkCsv,
	ledgerHeader,
	ledgerXlsx
} from '../../../tests/fixtures/ledger-files';
import {
	householdsWorkbook,
	plainText,
	readSheetRows,
	sheetKindOf,
	type HouseholdExportRow
} from './spreadsheets';

const buildings: LedgerBuilding[] = [
	{ id: 'b4', label: '4号楼', compoundName: '翠苑' },
	{ id: 'b7', label: '7栋', compoundName: '雅园' }
];

describe('sheetKindOf', () => {
	it('knows an .xlsx by its zip header, with or without a name', async () => {
		const xlsx = await ledgerXlsx([ledgerHeader]);
		expect(sheetKindOf('台账.xlsx', xlsx)).toBe('xlsx');
		expect(sheetKindOf('LEDGER.XLSX', xlsx)).toBe('xlsx');
		expect(sheetKindOf('', xlsx)).toBe('xlsx');
		expect(sheetKindOf('台账.csv', xlsx)).toBeNull();
		expect(sheetKindOf('台账.docx', xlsx)).toBeNull();
		expect(sheetKindOf('台账.xlsx', ledgerCsv([ledgerHeader]))).toBeNull();
	});

	it('knows a CSV by its name and text content, in UTF-8 or GBK', () => {
		expect(sheetKindOf('台账.csv', ledgerCsv([ledgerHeader]))).toBe('csv');
		expect(sheetKindOf('台账.CSV', ledgerCsv([ledgerHeader], { bom: true }))).toBe('csv');
		expect(sheetKindOf('台账.txt', ledgerGbkCsv([ledgerHeader]))).toBe('csv');
		expect(sheetKindOf('', ledgerCsv([ledgerHeader]))).toBeNull();
		expect(sheetKindOf('photo.jpg', ledgerCsv([ledgerHeader]))).toBeNull();
		const binary = new Uint8Array([0x31, 0x2c, 0x00, 0x32]);
		expect(sheetKindOf('台账.csv', binary)).toBeNull();
		// An old .xls is an OLE compound file, not a zip.
		const xls = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
		expect(sheetKindOf('台账.xlsx', xls)).toBeNull();
	});
});

describe('readSheetRows', () => {
	const rows = [ledgerHeader, ['翠苑', '4号楼', 1, 3, 301], ['雅园', '7栋', 2, 12, 1202]];

	it('reads a UTF-8 CSV, with or without a byte-order mark, keeping blank lines', async () => {
		const plain = await readSheetRows(ledgerCsv(rows), 'csv');
		expect(plain.slice(0, 3)).toEqual([
			['小区', '楼栋', '单元', '楼层', '房号'],
			['翠苑', '4号楼', '1', '3', '301'],
			['雅园', '7栋', '2', '12', '1202']
		]);
		const withBom = await readSheetRows(ledgerCsv(rows, { bom: true }), 'csv');
		expect(withBom[0][0]).toBe('小区');
		const gaps = await readSheetRows(ledgerCsv([ledgerHeader, [], rows[1]]), 'csv');
		expect(readLedger(gaps, buildings).households.get('b4')).toEqual(['1-301']);
		const broken = ledgerCsv([ledgerHeader, [], ['翠苑', '9号楼', 1, 1, 1]]);
		expect(readLedger(await readSheetRows(broken, 'csv'), buildings).errors[0].row).toBe(3);
	});

	it('reads a GBK CSV as saved by a Chinese Excel', async () => {
		const bytes = ledgerGbkCsv(rows);
		expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
		const read = await readSheetRows(bytes, 'csv');
		expect(read[1]).toEqual(['翠苑', '4号楼', '1', '3', '301']);
		const ledger = readLedger(read, buildings);
		expect(ledger.errors).toEqual([]);
		expect(ledger.households).toEqual(
			new Map([
				['b4', ['1-301']],
				['b7', ['2-1202']]
			])
		);
	});

	it('reads tab-separated text', async () => {
		const text = gbkBytes('楼栋\t单元\t楼层\t房号\r\n4号楼\t1\t2\t1\r\n');
		const read = await readSheetRows(text, 'csv');
		expect(readLedger(read, buildings).households.get('b4')).toEqual(['1-201']);
	});

	it('reads the first sheet of an .xlsx with numbers as numbers', async () => {
		const read = await readSheetRows(await ledgerXlsx(rows), 'xlsx');
		expect(read).toEqual(rows);
	});

	it('refuses a corrupt .xlsx as unreadable', async () => {
		const xlsx = await ledgerXlsx(rows);
		const corrupt = xlsx.slice(0, 200);
		const unreadable = { status: 400, key: 'error_xlsx_unreadable' };
		await expect(readSheetRows(corrupt, 'xlsx')).rejects.toMatchObject(unreadable);
		const zipOfNothing = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5, 6, 7, 8]);
		await expect(readSheetRows(zipOfNothing, 'xlsx')).rejects.toMatchObject(unreadable);
	});
});

describe('householdsWorkbook', () => {
	const exported: HouseholdExportRow[] = [
		{
			compound: '翠苑',
			grid: '第一网格',
			microGrid: '1-1 微网格',
			building: '4号楼',
			unit: 1,
			floor: 3,
			room: 1,
			code: '1-301'
		},
		{
			compound: '雅园',
			grid: '第二网格',
			microGrid: '2-3 微网格',
			building: '7栋',
			unit: 2,
			floor: 12,
			room: 2,
			code: '2-1202'
		}
	];

	it('writes an .xlsx with Chinese headers and door numbers that reads back as a ledger', async () => {
		const bytes = await householdsWorkbook(exported);
		expect(bytes).toBeInstanceOf(Uint8Array);
		expect(sheetKindOf('households.xlsx', bytes)).toBe('xlsx');
		const read = await readSheetRows(bytes, 'xlsx');
		expect(read).toEqual([
			['小区', '网格', '微网格', '楼栋', '单元', '楼层', '房号', '户号'],
			['翠苑', '第一网格', '1-1 微网格', '4号楼', 1, 3, 301, '1-301'],
			['雅园', '第二网格', '2-3 微网格', '7栋', 2, 12, 1202, '2-1202']
		]);
		const ledger = readLedger(read, buildings);
		expect(ledger.errors).toEqual([]);
		expect(ledger.households).toEqual(
			new Map([
				['b4', ['1-301']],
				['b7', ['2-1202']]
			])
		);
	});

	it('writes just the header for a community without households', async () => {
		const read = await readSheetRows(await householdsWorkbook([]), 'xlsx');
		expect(read).toEqual([['小区', '网格', '微网格', '楼栋', '单元', '楼层', '房号', '户号']]);
	});
});

describe('plainText', () => {
	it('keeps typed text that a spreadsheet would run as a formula from being one', () => {
		for (const text of ['=1+1', '+86 138', '-5', '@SUM(A1)', '\t=cmd', '\r=cmd']) expect(plainText(text)).toBe(`'${text}`);
		for (const text of ['楼道堆物', 'a=b', ' =1', '']) expect(plainText(text)).toBe(text);
	});
});
