/**
 * 走访覆盖 as .xlsx: the figures of `GET /api/communities/:id/coverage` for the same period and
 * scope, per grid, per liaison and per building, and a sheet that says what they count.
 */
import { coverageRate } from '../../domain/coverage-breakdown';
import { dayOf } from '../../domain/diary-dates';
import type { Period } from '../../domain/matter-figures';
import { daysSince } from '../../domain/visit-age';
import { sheetTime } from '../matters/matter-sheets';
import { plainText } from '../spreadsheets';
import { xlsxStreamDownload, type XlsxCell, type XlsxSheet } from '../xlsx-stream';
import { coverageReport, type CoverageReport } from './community-coverage';
import type { OversightActor } from './oversight-access';
import { periodFromQuery } from './period-input';

/** The last day a period holds (its end is excluded). */
const lastDay = (period: Period) => dayOf(period.to - 1);

function sheetsOf(report: CoverageReport, scopeText: string, now: number): XlsxSheet[] {
	const { places, coverage, period } = report;
	const gridName = new Map(places.grids.map((g) => [g.id, g.name]));
	const microGridNames = new Map(places.microGrids.map((m) => [m.id, m.name]));
	const microGridName = (id: string | null) => (id ? (microGridNames.get(id) ?? '') : '');
	const figureOf = new Map(coverage.buildings.map((b) => [b.buildingId, b]));
	const liaisonOf = new Map(coverage.liaisons.map((l) => [l.userId, l]));
	const asOf = Math.min(period.to, now);
	return [
		{
			name: '按网格',
			columns: [{ header: '网格', width: 16 }, { header: '户数' }, { header: '走访户数', width: 10 }, { header: '覆盖率(%)', width: 10 }],
			rows: () => coverage.grids.map((g) => [plainText(gridName.get(g.gridId) ?? ''), g.households, g.visited, coverageRate(g.visited, g.households)])
		},
		{
			name: '按联络员',
			columns: [{ header: '联络员', width: 12 }, { header: '账号', width: 12 }, { header: '微网格', width: 20 }, { header: '户数' }, { header: '走访户数', width: 10 }, { header: '覆盖率(%)', width: 10 }, { header: '最近活动', width: 18 }],
			rows: () =>
				places.liaisons.map((l) => {
					const figures = liaisonOf.get(l.userId)!;
					return [
						plainText(l.displayName),
						plainText(l.username),
						plainText(l.microGridIds.map(microGridName).join('、')),
						figures.households,
						figures.visited,
						coverageRate(figures.visited, figures.households),
						figures.lastActivityAt === null ? '' : sheetTime(figures.lastActivityAt)
					];
				})
		},
		{
			name: '按楼栋',
			columns: [{ header: '楼栋', width: 12 }, { header: '网格', width: 16 }, { header: '微网格', width: 16 }, { header: '户数' }, { header: '走访户数', width: 10 }, { header: '覆盖率(%)', width: 10 }, { header: '最近走访', width: 18 }, { header: '距截止天数', width: 12 }],
			rows: () =>
				places.buildings.map((b) => {
					const figures = figureOf.get(b.id)!;
					return [
						plainText(b.label),
						plainText(b.gridId ? (gridName.get(b.gridId) ?? '') : ''),
						plainText(microGridName(b.microGridId)),
						figures.households,
						figures.visited,
						coverageRate(figures.visited, figures.households),
						figures.lastVisitAt === null ? '从未走访' : sheetTime(figures.lastVisitAt),
						figures.lastVisitAt === null ? null : daysSince(figures.lastVisitAt, asOf)
					];
				})
		},
		{
			name: '说明',
			columns: [{ header: '项目', width: 12 }, { header: '内容', width: 80 }],
			rows: () => [
				['统计时段', `${sheetTime(period.from)} 至 ${sheetTime(period.to)}（不含结束时刻）`],
				['范围', scopeText],
				['走访户数', '时段内有入户记录（已走访、不在家、拒访、有问题）的住户，不论哪个任务，每户只算一次；记录后又撤销的不算。'],
				['最近走访', '统计截止前最近一次未撤销的入户记录的时间，不论哪个任务。'],
				['最近活动', '联络员统计截止前最近一次入户记录、任务“收到”或上报事项的时间。'],
				['导出时间', sheetTime(now)]
			]
		}
	];
}

/** `GET /api/communities/:id/exports/coverage.xlsx?from=&to=`: the actor's scope, the period as the coverage API reads it. */
export async function coverageDownload(actor: OversightActor, url: URL, now = Date.now()): Promise<Response> {
	const period = periodFromQuery(url, now);
	const report = await coverageReport(actor.community.id, period, actor.scope);
	const scopeText = actor.scope.all ? `${actor.community.name}（全社区）` : `${actor.community.name}：${report.places.grids.map((g) => g.name).join('、')}`;
	const span = `${dayOf(period.from)}至${lastDay(period)}`;
	return xlsxStreamDownload(sheetsOf(report, plainText(scopeText), now), `${actor.community.name}-走访覆盖-${span}.xlsx`, `coverage-${dayOf(period.from)}-${lastDay(period)}.xlsx`);
}
