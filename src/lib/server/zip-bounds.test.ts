import { describe, expect, it } from 'vitest';
import { ledgerHeader, ledgerXlsx, xlsxBomb, xlsxManyRows } from '../../../tests/fixtures/ledger-files';
import { ArchiveRefusal, checkZipBounds } from './zip-bounds';

const limits = { maxEntries: 100, maxExpandedBytes: 10 * 1024 * 1024, maxSheetRows: 1_000 };
const messages = { 'too-large': 'too large', 'too-many-rows': 'too many rows', unreadable: 'unreadable' };

function refusalOf(bytes: Uint8Array): string | null {
	try {
		checkZipBounds(bytes, limits, messages);
		return null;
	} catch (caught) {
		if (caught instanceof ArchiveRefusal) return caught.reason;
		throw caught;
	}
}

describe('checkZipBounds', () => {
	it('lets a real ledger through', async () => {
		expect(refusalOf(await ledgerXlsx([ledgerHeader, ['翠苑', '4号楼', 1, 3, 301]]))).toBeNull();
	});

	it('refuses an archive whose directory declares more than the bound', () => {
		const bomb = xlsxBomb(20);
		expect(bomb.length).toBeLessThan(100_000);
		expect(refusalOf(bomb)).toBe('too-large');
	});

	it('refuses an archive whose headers lie about its size, while inflating it', () => {
		expect(refusalOf(xlsxBomb(20, { lying: true }))).toBe('too-large');
	});

	it('refuses a worksheet with more rows than the bound, and counts rows split across chunks', () => {
		expect(refusalOf(xlsxManyRows(1_001))).toBe('too-many-rows');
		expect(refusalOf(xlsxManyRows(1_000))).toBeNull();
		expect(refusalOf(xlsxManyRows(500_000))).toBe('too-many-rows');
	});

	it('calls anything else unreadable', () => {
		expect(refusalOf(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]))).toBe('unreadable');
	});
});
