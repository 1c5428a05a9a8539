import readXlsxFile from 'read-excel-file/node';
import { unzipSync, strFromU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { columnName, isSheetName, xlsxStream, type XlsxCell, type XlsxSheet } from './xlsx-stream';

async function bytesOf(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
	const chunks: Uint8Array[] = [];
	for await (const chunk of stream) chunks.push(chunk);
	return Buffer.concat(chunks);
}

async function* rowsOf(rows: XlsxCell[][]): AsyncGenerator<XlsxCell[]> {
	for (const row of rows) yield row;
}

const sheet = (name: string, headers: string[], rows: XlsxCell[][]): XlsxSheet => ({ name, columns: headers.map((header) => ({ header, width: 12 })), rows: () => rowsOf(rows) });

describe('xlsxStream', () => {
	it('writes sheets that read back cell for cell: text, numbers, empty cells, Chinese, markup and control characters', async () => {
		const workbook = await bytesOf(
			xlsxStream([
				sheet('按网格', ['网格', '户数', '覆盖率(%)'], [
					['第一网格', 320, 45.5],
					['<b>&"网格"</b>', 0, null],
					['bell\u0007 and\u0000nul', -3, 1e-7]
				]),
				sheet('Empty', ['only a header'], []),
				// Rows already at hand: a plain array, not a generator.
				{ ...sheet('Wide', Array.from({ length: 30 }, (_, i) => `c${i}`), []), rows: () => [Array.from({ length: 30 }, (_, i) => i)] }
			])
		);
		const sheets = await readXlsxFile(workbook);
		expect(sheets.map((s) => s.sheet)).toEqual(['按网格', 'Empty', 'Wide']);
		expect(sheets[0].data).toEqual([
			['网格', '户数', '覆盖率(%)'],
			['第一网格', 320, 45.5],
			['<b>&"网格"</b>', 0, null],
			['bell andnul', -3, 1e-7]
		]);
		expect(sheets[1].data).toEqual([['only a header']]);
		expect(sheets[2].data[1]).toEqual(Array.from({ length: 30 }, (_, i) => i));
		// The header row is bold and frozen.
		const sheetXml = strFromU8(unzipSync(new Uint8Array(workbook))['xl/worksheets/sheet1.xml']);
		expect(sheetXml).toContain('<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>');
		expect(sheetXml).toMatch(/<row r="1"><c r="A1" s="1" t="inlineStr">/);
	});

	it('reads rows only as the download is read, and stops reading them when the download is cancelled', async () => {
		const total = 50_000;
		let pulled = 0;
		let closed = false;
		async function* many(): AsyncGenerator<XlsxCell[]> {
			try {
				for (let i = 0; i < total; i++) {
					pulled++;
					yield [`户 ${i}`, i, '已走访'];
				}
			} finally {
				closed = true;
			}
		}
		const reader = xlsxStream([{ name: 'rows', columns: [{ header: 'a' }, { header: 'b' }, { header: 'c' }], rows: many }]).getReader();
		let received = 0;
		while (pulled < 2_000) {
			const { value, done } = await reader.read();
			expect(done).toBe(false);
			received += value!.byteLength;
		}
		// Bytes left before all rows were read, and the reader is not far ahead of what was asked.
		expect(received).toBeGreaterThan(0);
		expect(pulled).toBeLessThan(5_000);
		await reader.cancel();
		expect(closed).toBe(true);
		expect(pulled).toBeLessThan(5_000);
	});

	it('refuses sheet names Excel refuses, and names columns as Excel does', () => {
		expect(() => xlsxStream([sheet('a/b', ['x'], [])])).toThrow();
		expect(() => xlsxStream([sheet('same', ['x'], []), sheet('same', ['x'], [])])).toThrow();
		expect(isSheetName('按楼栋')).toBe(true);
		expect(isSheetName('x'.repeat(32))).toBe(false);
		expect([0, 25, 26, 51, 52, 701, 702].map(columnName)).toEqual(['A', 'Z', 'AA', 'AZ', 'BA', 'ZZ', 'AAA']);
	});
});
