/**
 * The 问题台账 and the 会商纪要 as .xlsx. Written in Chinese whatever the reader's language:
 * they are the community's paper records. Everything a user typed passes `plainText`.
 */
import type { Cell, Row } from 'write-excel-file/node';
import { decisionText, stageWord } from '../../consultation-text';
import type { ConsultationMinutes } from '../../domain/consultation-view';
import { toDateTimeInput } from '../../domain/due-times';
import { communityZone } from '../../domain/matter-deadlines';
import { punctuality } from '../../domain/matter-figures';
import { matterStage } from '../../domain/matter-stage';
import type { MatterSummary } from '../../domain/matter-view';
import { plainText, xlsxBytes } from '../spreadsheets';

const zh = 'zh-CN';

/** "2026-03-05 14:05" on the community's clock; empty for no time. */
export function sheetTime(epoch: number | null): string {
	return epoch === null ? '' : toDateTimeInput(epoch, communityZone).replace('T', ' ');
}

const bold = (value: string, columnSpan?: number): Cell => ({ value, fontWeight: 'bold', ...(columnSpan ? { columnSpan } : {}) });

/** Where a matter is: its building, else its point on the map. */
export function placeText(matter: Pick<MatterSummary, 'buildingLabel' | 'point'>): string {
	if (matter.buildingLabel) return plainText(matter.buildingLabel);
	return matter.point ? `${matter.point[0].toFixed(5)}, ${matter.point[1].toFixed(5)}` : '';
}

export const ledgerHeader = ['编号', '上报时间', '类别', '楼栋/位置', '问题描述', '紧急', '上报人', '状态', '派遣对象', '派遣时间', '签收时间', '期限', '处置时间', '结案时间', '是否按期', '督办次数', '处置说明'];

export type LedgerInput = {
	matters: readonly MatterSummary[];
	categoryLabel: (categoryId: string) => string;
	/** The note of each matter's latest 处置 (resolve). */
	resolveNotes: ReadonlyMap<string, string>;
	now: number;
};

function ledgerRow(matter: MatterSummary, input: LedgerInput): Row {
	const onTime = punctuality(matter, input.now);
	return [
		matter.id,
		sheetTime(matter.reportedAt),
		plainText(input.categoryLabel(matter.category)),
		placeText(matter),
		plainText(matter.description),
		matter.urgent ? '是' : '',
		plainText(matter.reporterName),
		stageWord(matterStage(matter), zh),
		plainText(matter.destinationName ?? ''),
		sheetTime(matter.routedAt),
		sheetTime(matter.acceptedAt),
		sheetTime(matter.dueAt),
		sheetTime(matter.resolvedAt),
		sheetTime(matter.closedAt),
		onTime === null ? '' : onTime === 'on-time' ? '是' : '否',
		matter.reminders,
		plainText(input.resolveNotes.get(matter.id) ?? '')
	];
}

/** One row per matter under a bold header. */
export function ledgerWorkbook(input: LedgerInput): Promise<Uint8Array> {
	const data: Row[] = [ledgerHeader.map((title) => bold(title)), ...input.matters.map((matter) => ledgerRow(matter, input))];
	const widths = [14, 17, 18, 12, 40, 6, 10, 14, 14, 17, 17, 17, 17, 17, 8, 8, 30];
	return xlsxBytes(data, { sheet: '问题台账', columns: widths.map((width) => ({ width })), stickyRowsCount: 1 });
}

export const minutesDecisionHeader = ['编号', '类别', '位置', '描述', '决定'];
const minutesCarriedHeader = ['编号', '类别', '位置', '描述', '状态'];

/** Header rows, the decisions, the carried-over matters and the notes, on one sheet. */
export function minutesWorkbook(minutes: ConsultationMinutes): Promise<Uint8Array> {
	const when = `${sheetTime(minutes.startedAt)}${minutes.endedAt ? ` — ${sheetTime(minutes.endedAt).slice(11)}` : ''}`;
	const data: Row[] = [
		[bold('会商纪要', 5)],
		[bold('社区'), plainText(minutes.communityName)],
		[bold('日期'), when],
		[bold('主持'), plainText(minutes.startedByName)],
		[bold('出席人员'), plainText(minutes.attendees.join('、'))],
		[],
		[bold(`决定事项（${minutes.decisions.length}）`, 5)],
		minutesDecisionHeader.map((title) => bold(title)),
		...minutes.decisions.map((d) => [d.matterId, plainText(d.categoryLabel), plainText(d.place ?? ''), plainText(d.description), plainText(decisionText(d, zh))]),
		[],
		[bold(`结转事项（${minutes.carriedOverItems.length}）`, 5)],
		minutesCarriedHeader.map((title) => bold(title)),
		...minutes.carriedOverItems.map((item) => [
			item.matterId,
			plainText(item.categoryLabel),
			plainText(item.place ?? ''),
			plainText(item.description),
			stageWord(matterStage({ status: item.status, returned: false }), zh)
		]),
		[],
		[bold('备注')],
		[plainText(minutes.notes)]
	];
	return xlsxBytes(data, { sheet: '会商纪要', columns: [{ width: 14 }, { width: 18 }, { width: 12 }, { width: 44 }, { width: 30 }] });
}
