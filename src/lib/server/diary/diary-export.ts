/**
 * A liaison's month as the .xlsx communities keep (民情日记): 日期, 走访户数, 问题, 处理措施, 反馈结果,
 * one row per entry (a day's date and count merged over its rows), a row for a day of visits
 * without entries, and a total. In Chinese whatever the reader's language: it is a paper record.
 */
import type { Cell, Row } from 'write-excel-file/node';
import { diarySheetRows, type DiarySheetRow } from '../../domain/diary';
import { monthDates, type DiaryMonth } from '../../domain/diary-dates';
import { plainText, xlsxBytes, xlsxDownload } from '../spreadsheets';
import type { DiaryTarget } from './diary-access';
import { keyOf, monthVisits, groupedBy } from './diary-day';
import { entriesOf } from './diary-records';

export const diarySheetHeader = ['日期', '走访户数', '问题', '处理措施', '反馈结果'];

const text = (value: string): Cell => ({ value: plainText(value), wrap: true, alignVertical: 'top' });

function sheetRow(row: DiarySheetRow): Row {
	// A day's further rows leave its date and count to the merged cell above.
	const merged = (value: string | number): Cell => (row.span === 0 ? null : { value, alignVertical: 'top', ...(row.span > 1 ? { rowSpan: row.span } : {}) });
	return [merged(row.date), merged(row.households), text(row.problem), text(row.action), text(row.result)];
}

export function diaryWorkbook(rows: readonly DiarySheetRow[]): Promise<Uint8Array> {
	const days = new Map(rows.map((row) => [row.date, row.households]));
	const total = [...days.values()].reduce((sum, n) => sum + n, 0);
	const data: Row[] = [
		diarySheetHeader.map((title) => ({ value: title, fontWeight: 'bold' as const })),
		...rows.map(sheetRow),
		[{ value: '合计', fontWeight: 'bold' }, { value: total, fontWeight: 'bold' }, null, null, null]
	];
	return xlsxBytes(data, { sheet: '民情日记', stickyRowsCount: 1, columns: [{ width: 12 }, { width: 10 }, { width: 36 }, { width: 36 }, { width: 30 }] });
}

/** The month's sheet of the diary, named after the community, the liaison and the month. */
export async function diaryDownload(target: DiaryTarget, month: DiaryMonth): Promise<Response> {
	const dates = monthDates(month);
	const [visits, entries] = await Promise.all([monthVisits(target, month), entriesOf(keyOf(target), { from: dates[0], to: dates[dates.length - 1] })]);
	const entriesByDay = groupedBy(entries, (entry) => entry.date);
	const rows = diarySheetRows(dates.map((date) => ({ date, households: visits.get(date) ?? 0, entries: entriesByDay.get(date) ?? [] })));
	const fileName = `${target.community.name}-工作日志-${target.owner.name}-${month}.xlsx`;
	return xlsxDownload(await diaryWorkbook(rows), fileName, `diary-${month}.xlsx`);
}
