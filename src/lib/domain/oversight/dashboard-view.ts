/**
 * The oversight dashboard (`/overview`) as one pure assembly: the server reads rows, this turns
 * them into the tables, trends and attention list every screen shows. Coverage figures come in
 * as the coverage contract gives them (`coverage.ts`); 收到 from `acks.ts`; matter figures from
 * `matter-figures.ts`; nothing here defines a figure of its own.
 */
import { latestOf, type CommunityCoverage } from '../coverage-breakdown';
import { matterFigures, type FigureMatter, type Period } from '../matter-figures';
import { matterDueState } from '../matter-stage';
import { finalStatuses, type MatterStatus } from '../matters';
import { ackFiguresBy, pastDueUnacked, type AckFigures, type AckTask, type TaskAck } from './acks';
import { attentionItems, type AttentionItem } from './attention';
import { matterWeeks, type TrendMatter } from './trends';

export type CoverageFigure = { households: number; visited: number };

export type DashboardMatter = TrendMatter & {
	id: string;
	status: MatterStatus;
	description: string;
	reportedBy: string;
	gridId: string | null;
	buildingId: string | null;
	destinationName: string | null;
};

export type MatterRowFigures = { reported: number; open: number; overdue: number; onTimeRate: number | null };

export type GridRow = {
	id: string;
	name: string;
	chiefNames: string[];
	liaisonCount: number;
	acks: AckFigures;
	week: CoverageFigure;
	month: CoverageFigure;
	lastActivityAt: number | null;
	matters: MatterRowFigures;
};

export type LiaisonRow = Omit<GridRow, 'chiefNames' | 'liaisonCount'> & { gridId: string | null; gridName: string; microGridNames: string[] };

export type TrendWeek = { from: number; coverage: CoverageFigure; reported: number; closed: number; overdue: number };

/** `matters`: the building's open matters, `overdue` when one of them is past its due time. */
export type DashboardBuilding = { id: string; label: string; gridId: string | null; households: number; lastVisitAt: number | null; matters: 'none' | 'open' | 'overdue' };

export type DashboardView = {
	now: number;
	/** Whole community (secretary, street office) or the chief's grids. */
	limitedToGrids: boolean;
	grids: GridRow[];
	liaisons: LiaisonRow[];
	weeks: TrendWeek[];
	attention: AttentionItem[];
	buildings: DashboardBuilding[];
	openTasks: { id: string; title: string; dueAt: number | null }[];
	totals: { week: CoverageFigure; month: CoverageFigure; matters: MatterRowFigures };
};

export type DashboardInput = {
	now: number;
	limitedToGrids: boolean;
	grids: { id: string; name: string; chiefIds: readonly string[] }[];
	microGrids: { id: string; gridId: string; name: string; liaisonIds: readonly string[] }[];
	buildings: { id: string; label: string; gridId: string | null; microGridId: string | null; households: number }[];
	names: ReadonlyMap<string, string>;
	/** The coverage contract (`GET /api/communities/:id/coverage`) of this week and this month. */
	week: CommunityCoverage;
	month: CommunityCoverage;
	/** Coverage of each trend week, oldest first, with the week it is for. */
	weekly: readonly { period: Period; coverage: CoverageFigure }[];
	tasks: readonly AckTask[];
	acks: readonly TaskAck[];
	matters: readonly DashboardMatter[];
	monthPeriod: Period;
};

const noCoverage: CoverageFigure = { households: 0, visited: 0 };
const noAcks: AckFigures = { expected: 0, acked: 0, medianAckMs: null };

/** 按期办结率 and the rest for a set of matters, over the month. */
export function matterRowFigures(matters: readonly FigureMatter[], month: Period, now: number): MatterRowFigures {
	const figures = matterFigures(matters, month, now).total;
	const open = matters.filter((m) => !finalStatuses.includes(m.status)).length;
	return { reported: figures.reported, open, overdue: figures.overdueOpen, onTimeRate: figures.onTimeRate };
}

export function dashboardView(input: DashboardInput): DashboardView {
	const { now, names } = input;
	const nameOf = (id: string) => names.get(id) ?? '';
	const liaisonsOfBuilding = new Map<string, string[]>();
	const microById = new Map(input.microGrids.map((micro) => [micro.id, micro]));
	for (const building of input.buildings) liaisonsOfBuilding.set(building.id, [...(microById.get(building.microGridId ?? '')?.liaisonIds ?? [])]);

	const gridOfLiaison = new Map<string, string>();
	const microNamesOf = new Map<string, string[]>();
	for (const micro of input.microGrids) {
		for (const userId of micro.liaisonIds) {
			if (!gridOfLiaison.has(userId)) gridOfLiaison.set(userId, micro.gridId);
			microNamesOf.set(userId, [...(microNamesOf.get(userId) ?? []), micro.name]);
		}
	}
	const acksByLiaison = ackFiguresBy(input.tasks, input.acks, liaisonsOfBuilding);
	const acksByGrid = ackFiguresBy(input.tasks, input.acks, liaisonsOfBuilding, (userId) => gridOfLiaison.get(userId) ?? null);
	const weekLiaison = new Map(input.week.liaisons.map((row) => [row.userId, row]));
	const monthLiaison = new Map(input.month.liaisons.map((row) => [row.userId, row]));
	const weekGrid = new Map(input.week.grids.map((row) => [row.gridId, row]));
	const monthGrid = new Map(input.month.grids.map((row) => [row.gridId, row]));
	const figure = (row: CoverageFigure | undefined): CoverageFigure => (row ? { households: row.households, visited: row.visited } : noCoverage);
	const gridName = new Map(input.grids.map((grid) => [grid.id, grid.name]));

	const liaisons: LiaisonRow[] = [...microNamesOf.keys()].map((userId) => {
		const gridId = gridOfLiaison.get(userId) ?? null;
		return {
			id: userId,
			name: nameOf(userId),
			gridId,
			gridName: gridName.get(gridId ?? '') ?? '',
			microGridNames: microNamesOf.get(userId) ?? [],
			acks: acksByLiaison.get(userId) ?? noAcks,
			week: figure(weekLiaison.get(userId)),
			month: figure(monthLiaison.get(userId)),
			lastActivityAt: monthLiaison.get(userId)?.lastActivityAt ?? weekLiaison.get(userId)?.lastActivityAt ?? null,
			matters: matterRowFigures(input.matters.filter((m) => m.reportedBy === userId), input.monthPeriod, now)
		};
	});
	liaisons.sort((a, b) => a.gridName.localeCompare(b.gridName, 'zh-CN', { numeric: true }) || a.microGridNames[0].localeCompare(b.microGridNames[0], 'zh-CN', { numeric: true }));

	const grids: GridRow[] = input.grids.map((grid) => {
		const own = liaisons.filter((row) => row.gridId === grid.id);
		return {
			id: grid.id,
			name: grid.name,
			chiefNames: grid.chiefIds.map(nameOf),
			liaisonCount: own.length,
			acks: acksByGrid.get(grid.id) ?? noAcks,
			week: figure(weekGrid.get(grid.id)),
			month: figure(monthGrid.get(grid.id)),
			lastActivityAt: latestOf(...own.map((row) => row.lastActivityAt)),
			matters: matterRowFigures(input.matters.filter((m) => m.gridId === grid.id), input.monthPeriod, now)
		};
	});

	const lastVisit = new Map(input.month.buildings.map((row) => [row.buildingId, row.lastVisitAt]));
	const matterLook = new Map<string, DashboardBuilding['matters']>();
	for (const matter of input.matters) {
		if (!matter.buildingId || finalStatuses.includes(matter.status)) continue;
		const overdue = matterDueState(matter, now) === 'overdue';
		if (overdue || !matterLook.has(matter.buildingId)) matterLook.set(matter.buildingId, overdue ? 'overdue' : 'open');
	}
	const buildings: DashboardBuilding[] = input.buildings.map((b) => ({
		id: b.id,
		label: b.label,
		gridId: b.gridId,
		households: b.households,
		lastVisitAt: lastVisit.get(b.id) ?? null,
		matters: matterLook.get(b.id) ?? 'none'
	}));
	const trendMatters = matterWeeks(input.matters, input.weekly.map((w) => w.period), now);
	const weeks: TrendWeek[] = input.weekly.map((w, i) => ({ from: w.period.from, coverage: w.coverage, reported: trendMatters[i].reported, closed: trendMatters[i].closed, overdue: trendMatters[i].overdue }));

	const attention = attentionItems({
		now,
		buildings: buildings.map((b) => ({ buildingId: b.id, label: b.label, lastVisitAt: b.lastVisitAt })),
		liaisons: liaisons.map((row) => ({ userId: row.id, name: row.name, lastActivityAt: row.lastActivityAt })),
		matters: input.matters,
		pastDueTasks: pastDueUnacked(input.tasks, input.acks, liaisonsOfBuilding, now).map((row) => ({ ...row, missing: row.missing.map(nameOf) }))
	});

	const sum = (rows: readonly CoverageFigure[]): CoverageFigure => ({
		households: rows.reduce((n, r) => n + r.households, 0),
		visited: rows.reduce((n, r) => n + r.visited, 0)
	});
	return {
		now,
		limitedToGrids: input.limitedToGrids,
		grids,
		liaisons,
		weeks,
		attention,
		buildings,
		openTasks: input.tasks.filter((t) => t.status === 'open').map((t) => ({ id: t.id, title: t.title, dueAt: t.dueAt })),
		totals: { week: sum(input.week.buildings), month: sum(input.month.buildings), matters: matterRowFigures(input.matters, input.monthPeriod, now) }
	};
}
