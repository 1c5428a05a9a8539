/**
 * An .xlsx written while its rows are read: each sheet's rows come from an async source (a
 * database read page by page) or a plain list and leave as deflated zip bytes, so a report of 30,000 households
 * starts downloading at once and never exists whole in memory.
 *
 * Why not write-excel-file (which the other exports use): it takes every row as one array before
 * it writes anything. Why not exceljs' WorkbookWriter: it brings archiver, unzipper and jszip and
 * their deprecated dependencies for what is, for plain tables, a few fixed XML parts and one XML
 * element per cell. fflate (already ours, pinned) streams the zip; this file writes SpreadsheetML
 * (ECMA-376): text as inline strings, numbers as numbers, a bold frozen header row.
 */
import { strToU8, Zip, ZipDeflate } from 'fflate';
import { attachment } from './spreadsheets';

export type XlsxCell = string | number | null;
export type XlsxColumn = { header: string; width?: number };
/** `rows`: read as the download is (a database read page by page), or rows already at hand. */
export type XlsxSheet = { name: string; columns: readonly XlsxColumn[]; rows: () => AsyncIterable<readonly XlsxCell[]> | Iterable<readonly XlsxCell[]> };

/** Excel's own limits. */
const xlsxMaxRows = 1_048_576;
const maxCellText = 32_767;
/** Rows gathered before they are pushed into the deflater. */
const rowsPerPush = 256;

const main = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const relationships = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const packageRelationships = 'http://schemas.openxmlformats.org/package/2006/relationships';
const declaration = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/** Characters XML 1.0 cannot hold (C0 controls but tab and newlines, lone surrogates, U+FFFE/F) are dropped. */
const unwritable = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function xmlText(text: string): string {
	return text.replace(unwritable, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A1-style column letters: 0 → A, 25 → Z, 26 → AA. */
export function columnName(index: number): string {
	let name = '';
	for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
	return name;
}

function cellXml(value: XlsxCell, ref: string, style = 0): string {
	const s = style ? ` s="${style}"` : '';
	if (value === null || value === '') return '';
	if (typeof value === 'number') return Number.isFinite(value) ? `<c r="${ref}"${s}><v>${value}</v></c>` : '';
	const text = value.length > maxCellText ? value.slice(0, maxCellText) : value;
	return `<c r="${ref}"${s} t="inlineStr"><is><t xml:space="preserve">${xmlText(text)}</t></is></c>`;
}

function rowXml(cells: readonly XlsxCell[], rowNumber: number, style = 0): string {
	return `<row r="${rowNumber}">${cells.map((cell, i) => cellXml(cell, `${columnName(i)}${rowNumber}`, style)).join('')}</row>`;
}

function sheetStart(sheet: XlsxSheet): string {
	const widths = sheet.columns.map((c, i) => (c.width ? `<col min="${i + 1}" max="${i + 1}" width="${c.width}" customWidth="1"/>` : '')).join('');
	return (
		`${declaration}<worksheet xmlns="${main}" xmlns:r="${relationships}">` +
		'<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>' +
		`${widths ? `<cols>${widths}</cols>` : ''}<sheetData>${rowXml(sheet.columns.map((c) => c.header), 1, 1)}`
	);
}

const sheetEnd = '</sheetData></worksheet>';

/** Sheet names: at most 31 characters, none of []:*?/\, unique in the workbook. */
export function isSheetName(name: string): boolean {
	return name.length > 0 && name.length <= 31 && !/[[\]:*?/\\]/.test(name) && !/^'|'$/.test(name);
}

function fixedParts(sheets: readonly XlsxSheet[]): [string, string][] {
	const sheetTypes = sheets
		.map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`)
		.join('');
	const sheetList = sheets.map((sheet, i) => `<sheet name="${xmlText(sheet.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('');
	const sheetRels = sheets
		.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${relationships}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`)
		.join('');
	return [
		[
			'[Content_Types].xml',
			`${declaration}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
				'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
				'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
				'<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
				`${sheetTypes}</Types>`
		],
		['_rels/.rels', `${declaration}<Relationships xmlns="${packageRelationships}"><Relationship Id="rId1" Type="${relationships}/officeDocument" Target="xl/workbook.xml"/></Relationships>`],
		['xl/workbook.xml', `${declaration}<workbook xmlns="${main}" xmlns:r="${relationships}"><sheets>${sheetList}</sheets></workbook>`],
		[
			'xl/_rels/workbook.xml.rels',
			`${declaration}<Relationships xmlns="${packageRelationships}">${sheetRels}<Relationship Id="rId${sheets.length + 1}" Type="${relationships}/styles" Target="styles.xml"/></Relationships>`
		],
		[
			'xl/styles.xml',
			`${declaration}<styleSheet xmlns="${main}">` +
				'<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>' +
				'<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
				'<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
				'<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
				'<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>' +
				'<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
		]
	];
}

/** The workbook's bytes as they are made: each sheet's rows are read only when the reader wants more. */
async function* workbookChunks(sheets: readonly XlsxSheet[]): AsyncGenerator<Uint8Array> {
	const ready: Uint8Array[] = [];
	let failure: Error | null = null;
	const zip = new Zip((error, chunk) => {
		if (error) failure = error;
		else ready.push(chunk);
	});
	function* take(): Generator<Uint8Array> {
		if (failure) throw failure;
		while (ready.length) yield ready.shift()!;
	}
	for (const [name, text] of fixedParts(sheets)) {
		const part = new ZipDeflate(name, { level: 6 });
		zip.add(part);
		part.push(strToU8(text), true);
	}
	yield* take();
	for (const [i, sheet] of sheets.entries()) {
		const part = new ZipDeflate(`xl/worksheets/sheet${i + 1}.xml`, { level: 6 });
		zip.add(part);
		let pending = sheetStart(sheet);
		let rowNumber = 1;
		let gathered = 0;
		for await (const row of sheet.rows()) {
			if (++rowNumber > xlsxMaxRows) throw new Error(`sheet "${sheet.name}" has more rows than Excel can open`);
			pending += rowXml(row, rowNumber);
			if (++gathered >= rowsPerPush) {
				part.push(strToU8(pending));
				pending = '';
				gathered = 0;
				yield* take();
			}
		}
		part.push(strToU8(pending + sheetEnd), true);
		yield* take();
	}
	zip.end();
	yield* take();
}

/** The workbook as a byte stream that pulls rows as it is read, and stops reading when cancelled. */
export function xlsxStream(sheets: readonly XlsxSheet[]): ReadableStream<Uint8Array> {
	const names = sheets.map((sheet) => sheet.name);
	if (names.some((name) => !isSheetName(name)) || new Set(names).size !== names.length) throw new Error(`bad sheet names: ${names.join(', ')}`);
	const chunks = workbookChunks(sheets);
	return new ReadableStream<Uint8Array>({
		async pull(controller) {
			const next = await chunks.next();
			if (next.done) controller.close();
			else controller.enqueue(next.value);
		},
		async cancel() {
			await chunks.return(undefined);
		}
	});
}

const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A streamed .xlsx as a private download named in the user's words (`fallback`: ASCII, for old clients). */
export function xlsxStreamDownload(sheets: readonly XlsxSheet[], fileName: string, fallback: string): Response {
	return new Response(xlsxStream(sheets), {
		headers: { 'content-type': xlsxType, 'content-disposition': attachment(fileName, fallback), 'cache-control': 'private, no-store' }
	});
}
