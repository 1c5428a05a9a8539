import { and, eq, gte, inArray, notInArray, or } from 'drizzle-orm';
import { currentWindows, trendPeriods } from '../../domain/oversight/weeks';
import { coveragePlacesOf } from '../../domain/coverage-places';
import { dashboardCoverage } from './community-coverage';
import { dashboardView, type DashboardMatter, type DashboardView } from '../../domain/oversight/dashboard-view';
import type { AckTask } from '../../domain/oversight/acks';
import { finalStatuses } from '../../domain/matters';
import { maySeeMatter, mayViewOversight, oversightGrids, type Standing } from '../../domain/permissions';
import { loadStructure, type CommunityStructure } from '../community';
import { db } from '../db';
import { matters, taskAcks, tasks } from '../db/schema';
import { matterState } from '../matters/matter-access';
import { destinationNames } from '../matters/matter-names';
import { figureMatterOf } from '../matters/period-figures';
import { refusal } from '../refusal';

const trendSpanMs = 13 * 7 * 86_400_000;

async function openTasksOf(communityId: string, buildingIds: ReadonlySet<string>, limited: boolean): Promise<AckTask[]> {
	const rows = await db()
		.select({ id: tasks.id, title: tasks.title, status: tasks.status, createdAt: tasks.createdAt, dueAt: tasks.dueAt, scope: tasks.scope })
		.from(tasks)
		.where(and(eq(tasks.communityId, communityId), eq(tasks.status, 'open')));
	return rows
		.map((row) => ({
			...row,
			createdAt: row.createdAt?.getTime() ?? null,
			dueAt: row.dueAt?.getTime() ?? null,
			scope: limited ? row.scope.filter((id) => buildingIds.has(id)) : row.scope
		}))
		.filter((task) => task.scope.length > 0);
}

export type DashboardOptions = {
	/** The 12-week trends (false: `weeks` stays empty, e.g. a street's row of the community). */
	trends?: boolean;
	/** The community's structure, when the caller has loaded it already. */
	structure?: CommunityStructure;
};

/** The dashboard of `standing`'s community as it may see it; 403 for those who may not. */
export async function loadDashboard(standing: Standing, now = Date.now(), onlyGrid: string | null = null, options: DashboardOptions = {}): Promise<DashboardView> {
	if (!mayViewOversight(standing)) throw refusal(403, 'error_oversight_forbidden');
	const scope = oversightGrids(standing);
	const communityId = standing.communityId;
	const whole = options.structure ?? (await loadStructure(communityId));
	// `onlyGrid` narrows the page to one grid the viewer sees (a row of the grid table opened).
	const visible = scope.all ? whole.grids.map((g) => g.id) : scope.gridIds;
	const gridIds = onlyGrid && visible.includes(onlyGrid) ? [onlyGrid] : scope.all ? null : scope.gridIds;
	const windows = currentWindows(now);
	const weeks = options.trends === false ? [] : trendPeriods(now);

	const places = coveragePlacesOf(whole, { all: gridIds === null, gridIds: gridIds ?? [] });
	const names = new Map(whole.members.map((member) => [member.id, member.displayName]));
	const buildingIds = new Set(places.buildings.map((b) => b.id));
	const since = new Date(now - trendSpanMs);
	const [coverage, openTasks, matterRows] = await Promise.all([
		dashboardCoverage(communityId, places, { ...windows, weeks }),
		openTasksOf(communityId, buildingIds, gridIds !== null),
		db()
			.select()
			.from(matters)
			.where(
				and(
					eq(matters.communityId, communityId),
					gridIds ? inArray(matters.gridId, gridIds) : undefined,
					or(gte(matters.reportedAt, since), gte(matters.closedAt, since), notInArray(matters.status, [...finalStatuses]))
				)
			)
	]);
	const acks = openTasks.length
		? await db().select().from(taskAcks).where(inArray(taskAcks.taskId, openTasks.map((t) => t.id)))
		: [];
	const seenRows = matterRows.filter((row) => maySeeMatter(standing, matterState(row)));
	// The handlers' names as every matter page gives them (a company, a person, the street office).
	const handlerName = await destinationNames(seenRows.map((row) => row.destination));
	const seen: DashboardMatter[] = seenRows.map((row) => ({
		...figureMatterOf(row),
		id: row.id,
		status: row.status,
		description: row.description,
		reportedBy: row.reportedBy,
		gridId: row.gridId,
		buildingId: row.buildingId,
		resolvedAt: row.resolvedAt?.getTime() ?? null,
		destinationName: handlerName(row.destination)
	}));

	return dashboardView({
		now,
		limitedToGrids: gridIds !== null,
		grids: places.grids,
		microGrids: places.microGrids,
		buildings: places.buildings,
		names,
		week: coverage.week,
		month: coverage.month,
		weekly: coverage.weekly.map((week) => ({ period: { from: week.from, to: week.to }, coverage: { households: week.households, visited: week.visited } })),
		tasks: openTasks,
		acks: acks.map((ack) => ({ taskId: ack.taskId, userId: ack.userId, ackedAt: ack.ackedAt.getTime() })),
		matters: seen,
		monthPeriod: windows.month
	});
}
