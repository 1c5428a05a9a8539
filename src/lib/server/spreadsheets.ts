import Papa from 'papaparse';
import { readSheet } from 'read-excel-file/node';
import writeXlsxFile, { type SheetData } from 'write-excel-file/node';
import { maxLedgerRows } from '../domain/household-ledger';
import { HttpRefusal, refusal } from './refusal';
import { ArchiveRefusal, checkZipBounds } from './zip-bounds';

export type SheetKind = 'xlsx' | 'csv';

export type HouseholdExportRow = {
	compound: string;
	grid: string;
	microGrid: string;
	building: string;
	unit: number;
	floor: number;
	room: number;
	code: string;
};

/** Every .xlsx is a zip archive, and every zip starts with a local file header. */
const zipMagic = [0x50, 0x4b, 0x03, 0x04];

const extensionOf = (fileName: string) => /\.[^./\\]+$/.exec(fileName.toLowerCase())?.[0] ?? '';

function decodes(bytes: Uint8Array, encoding: string): string | null {
	try {
		return new TextDecoder(encoding, { fatal: true }).decode(bytes);
	} catch {
		return null;
	}
}

/**
 * Excel in China saves CSV as GBK; anything that is not valid UTF-8 is read as GB18030,
 * which contains GBK. The UTF-8 decoder drops a leading byte-order mark.
 */
function decodeText(bytes: Uint8Array): string | null {
	return decodes(bytes, 'utf-8') ?? decodes(bytes, 'gb18030');
}

/** What a file really is, judged by its bytes as well as its name; null when it is neither. */
export function sheetKindOf(fileName: string, bytes: Uint8Array): SheetKind | null {
	const extension = extensionOf(fileName);
	if (zipMagic.every((byte, i) => bytes[i] === byte))
		return extension === '.xlsx' || !fileName ? 'xlsx' : null;
	if (extension !== '.csv' && extension !== '.txt') return null;
	return !bytes.includes(0) && decodeText(bytes) !== null ? 'csv' : null;
}

const megabyte = 1024 * 1024;
/** An .xlsx of the largest ledger expands to a few MB; a bomb expands to gigabytes. */
export const xlsxLimits = { maxEntries: 1_000, maxExpandedBytes: 50 * megabyte, maxSheetRows: maxLedgerRows };

const tooManyRows = () => refusal(400, 'error_ledger_too_many_rows', { max: maxLedgerRows });

/** What the request answers for an archive refused before anything read it. */
function archiveRefusal(reason: ArchiveRefusal['reason']): HttpRefusal {
	if (reason === 'too-large') return refusal(413, 'error_xlsx_too_large', { mb: xlsxLimits.maxExpandedBytes / megabyte });
	return reason === 'too-many-rows' ? tooManyRows() : refusal(400, 'error_xlsx_unreadable');
}

/** The header and a trailing blank line come on top of the ledger's rows. */
function withinRows<T>(rows: T[]): T[] {
	if (rows.length > maxLedgerRows + 2) throw tooManyRows();
	return rows;
}

/**
 * The first sheet's rows as the cells came (numbers stay numbers in .xlsx, text in .csv).
 * An .xlsx is measured before it is unpacked (checkZipBounds); throws HttpRefusal when too big or unreadable.
 */
export async function readSheetRows(bytes: Uint8Array, kind: SheetKind): Promise<unknown[][]> {
	if (kind === 'xlsx') {
		try {
			// The messages are ours to choose; the refusal names its reason, which picks the answer.
			checkZipBounds(bytes, xlsxLimits, { 'too-large': 'too-large', 'too-many-rows': 'too-many-rows', unreadable: 'unreadable' });
		} catch (caught) {
			if (caught instanceof ArchiveRefusal) throw archiveRefusal(caught.reason);
			throw caught;
		}
		let rows: unknown[][];
		try {
			rows = await readSheet(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
		} catch (cause) {
			throw Object.assign(refusal(400, 'error_xlsx_unreadable'), { cause });
		}
		return withinRows(rows);
	}
	const text = decodeText(bytes);
	if (text === null) throw refusal(400, 'error_csv_unreadable');
	// Empty lines stay, so that row numbers in errors match what the user sees in the sheet.
	return withinRows(Papa.parse<string[]>(text, { skipEmptyLines: false }).data);
}

/**
 * Text a user typed, made safe for a spreadsheet: a cell starting with = + - @ (or a tab or
 * carriage return) is read as a formula by Excel and WPS once the file passes through CSV, so
 * it gets a leading apostrophe (OWASP's advice for CSV injection).
 */
export function plainText(text: string): string {
	return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A download named in the user's words; the ASCII fallback is for very old clients. */
export function attachment(fileName: string, fallback: string): string {
	return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/** An .xlsx as a private download. */
export function xlsxDownload(workbook: Uint8Array, fileName: string, fallback: string): Response {
	return new Response(workbook.slice(), {
		headers: { 'content-type': xlsxType, 'content-disposition': attachment(fileName, fallback), 'cache-control': 'private, no-store' }
	});
}

/** One sheet as the bytes of an .xlsx file; `stickyRowsCount` keeps a header in view. */
export async function xlsxBytes(data: SheetData, options: { sheet: string; columns?: { width?: number }[]; stickyRowsCount?: number }): Promise<Uint8Array> {
	const buffer = await writeXlsxFile(data, options).toBuffer();
	return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

const exportHeader = ['小区', '网格', '微网格', '楼栋', '单元', '楼层', '房号', '户号'];

/** The household list as a 台账 that reads back through readSheetRows and readLedger. */
export function householdsWorkbook(rows: HouseholdExportRow[]): Promise<Uint8Array> {
	const data = [
		exportHeader.map((title) => ({ value: title, fontWeight: 'bold' as const })),
		...rows.map((row) => [
			row.compound,
			row.grid,
			row.microGrid,
			row.building,
			row.unit,
			row.floor,
			// The door number people write on the ledger: floor 3, room 1 is 301.
			row.floor * 100 + row.room,
			row.code
		])
	];
	return xlsxBytes(data, {
		sheet: '住户台账',
		stickyRowsCount: 1,
		columns: [{ width: 14 }, { width: 12 }, { width: 14 }, { width: 10 }, {}, {}, {}, { width: 10 }]
	});
}
