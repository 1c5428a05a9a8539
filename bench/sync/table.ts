/**
 * A Markdown table padded so it also reads well in a terminal. Numbers align right;
 * `textColumns` counts the leading columns that hold text, `textLast` marks a notes column.
 */
export function markdownTable(headers: string[], rows: string[][], textColumns = 1, textLast = false): string {
	const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => row[column].length)));
	const isText = (column: number) => column < textColumns || (textLast && column === headers.length - 1);
	const pad = (cell: string, column: number) => (isText(column) ? cell.padEnd(widths[column]) : cell.padStart(widths[column]));
	const line = (cells: string[]) => `| ${cells.map(pad).join(' | ')} |`;
	const rule = `|${widths.map((width, column) => (isText(column) ? '-'.repeat(width + 2) : `${'-'.repeat(width + 1)}:`)).join('|')}|`;
	return [line(headers), rule, ...rows.map(line)].join('\n');
}

/** Milliseconds with as many decimals as are meaningful at that size. */
export function ms(value: number | null | undefined): string {
	if (value === null || value === undefined || Number.isNaN(value)) return '—';
	return value.toFixed(value < 10 ? 2 : value < 100 ? 1 : 0);
}

export function fixed(value: number | null | undefined, digits = 0): string {
	if (value === null || value === undefined || Number.isNaN(value)) return '—';
	return value.toFixed(digits);
}

export function ratio(ours: number, other: number): string {
	return other > 0 ? `${(ours / other).toFixed(2)}×` : '—';
}
