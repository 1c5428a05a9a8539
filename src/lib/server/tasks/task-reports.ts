/**
 * Task figures for reports and boards that are not connected to the live document (issue 5):
 * read from the projection tables the sync server keeps (`tasks`, `progress_events`), never
 * from Yjs. A household counts by its latest event, so a later clear removes its mark.
 */
import { and, asc, count, desc, eq, inArray, sql } from 'drizzle-orm';
import type { BuildingProgress, TaskDetail } from '../../domain/task-report';
import { progressStatuses, type ProgressEntry, type ProgressStatus, type TaskStatus } from '../../domain/community-doc';
import type { Principal } from '../../domain/roles';
import { tallyHouseholds } from '../../domain/progress';
import { canView } from '../community';
import { db } from '../db';
import { households, progressEvents, tasks } from '../db/schema';

export type { BuildingProgress, TaskDetail };

export type TaskSummary = {
	id: string;
	title: string;
	kind: string;
	status: string;
	dueAt: number | null;
	round: number;
	createdAt: number | null;
	buildings: number;
	total: number;
	done: number;
};

export type Refusal = 'forbidden' | 'not-found';

const epoch = (date: Date | null) => (date ? date.getTime() : null);

/** One task with its figures per building of the scope; anyone who may view its community. */
export async function taskDetail(principal: Principal, taskId: string): Promise<TaskDetail | Refusal> {
	const [task] = await db().select().from(tasks).where(eq(tasks.id, taskId));
	if (!task) return 'not-found';
	if (!(await canView(principal, task.communityId))) return 'forbidden';
	const [codes, marks] = await Promise.all([householdCodes(task.scope), latestMarks(taskId)]);
	const buildings = task.scope.map((buildingId) => {
		const { total, visited, absent, refused, issue, lastAt } = tallyHouseholds(
			codes.get(buildingId) ?? [],
			marks.get(buildingId) ?? new Map()
		);
		return { buildingId, total, visited, absent, refused, issue, lastAt };
	});
	const { id, title, kind, status, round, scope } = task;
	return { id, title, kind, status, dueAt: epoch(task.dueAt), round, scope, buildings };
}

async function householdCodes(buildingIds: readonly string[]): Promise<Map<string, string[]>> {
	const byBuilding = new Map<string, string[]>();
	if (buildingIds.length === 0) return byBuilding;
	const rows = await db()
		.select({ buildingId: households.buildingId, code: households.code })
		.from(households)
		.where(inArray(households.buildingId, [...buildingIds]));
	for (const { buildingId, code } of rows) {
		const list = byBuilding.get(buildingId);
		if (list) list.push(code);
		else byBuilding.set(buildingId, [code]);
	}
	return byBuilding;
}

/** The latest mark of each household of the task, by building; clears are kept as such and count as no mark. */
async function latestMarks(taskId: string): Promise<Map<string, Map<string, ProgressEntry>>> {
	const rows = await db()
		.selectDistinctOn([progressEvents.buildingId, progressEvents.householdCode], {
			buildingId: progressEvents.buildingId,
			code: progressEvents.householdCode,
			status: progressEvents.status,
			userId: progressEvents.userId,
			recordedAt: progressEvents.recordedAt
		})
		.from(progressEvents)
		.where(eq(progressEvents.taskId, taskId))
		.orderBy(progressEvents.buildingId, progressEvents.householdCode, desc(progressEvents.id));
	const byBuilding = new Map<string, Map<string, ProgressEntry>>();
	for (const row of rows) {
		let marks = byBuilding.get(row.buildingId);
		if (!marks) byBuilding.set(row.buildingId, (marks = new Map()));
		marks.set(row.code, { s: row.status as ProgressStatus, by: row.userId ?? '', at: row.recordedAt.getTime() });
	}
	return byBuilding;
}

/** The community's tasks, open ones first, then the most recent; with households done of total. */
export async function communityTasks(principal: Principal, communityId: string, status: TaskStatus | null): Promise<TaskSummary[] | Refusal> {
	if (!(await canView(principal, communityId))) return 'forbidden';
	const rows = await db()
		.select()
		.from(tasks)
		.where(and(eq(tasks.communityId, communityId), status ? eq(tasks.status, status) : undefined))
		.orderBy(sql`${tasks.status} = 'open' desc`, sql`${tasks.createdAt} desc nulls last`, desc(tasks.updatedAt), asc(tasks.id));
	if (rows.length === 0) return [];
	const [sizes, done] = await Promise.all([buildingSizes(rows.flatMap((row) => row.scope)), doneByTask(communityId, rows.map((row) => row.id))]);
	return rows.map((row) => ({
		id: row.id,
		title: row.title,
		kind: row.kind,
		status: row.status,
		dueAt: epoch(row.dueAt),
		round: row.round,
		createdAt: epoch(row.createdAt),
		buildings: row.scope.length,
		total: row.scope.reduce((sum, buildingId) => sum + (sizes.get(buildingId) ?? 0), 0),
		done: done.get(row.id) ?? 0
	}));
}

async function buildingSizes(buildingIds: string[]): Promise<Map<string, number>> {
	const unique = [...new Set(buildingIds)];
	if (unique.length === 0) return new Map();
	const rows = await db()
		.select({ buildingId: households.buildingId, n: count() })
		.from(households)
		.where(inArray(households.buildingId, unique))
		.groupBy(households.buildingId);
	return new Map(rows.map((row) => [row.buildingId, row.n]));
}

/**
 * Households with a mark per task, counted in the database: the latest event of each household,
 * kept when it is a status (not a clear), of a household that exists in a building of the scope,
 * as `tallyHouseholds` counts them for one task.
 */
async function doneByTask(communityId: string, taskIds: string[]): Promise<Map<string, number>> {
	const latest = db()
		.selectDistinctOn([progressEvents.taskId, progressEvents.buildingId, progressEvents.householdCode], {
			taskId: progressEvents.taskId,
			buildingId: progressEvents.buildingId,
			code: progressEvents.householdCode,
			status: progressEvents.status
		})
		.from(progressEvents)
		.where(and(eq(progressEvents.communityId, communityId), inArray(progressEvents.taskId, taskIds)))
		.orderBy(progressEvents.taskId, progressEvents.buildingId, progressEvents.householdCode, desc(progressEvents.id))
		.as('latest');
	const rows = await db()
		.select({ taskId: latest.taskId, n: count() })
		.from(latest)
		.innerJoin(households, and(eq(households.buildingId, latest.buildingId), eq(households.code, latest.code)))
		.innerJoin(tasks, and(eq(tasks.id, latest.taskId), sql`${tasks.scope} @> jsonb_build_array(${latest.buildingId})`))
		.where(inArray(latest.status, [...progressStatuses]))
		.groupBy(latest.taskId);
	return new Map(rows.map((row) => [row.taskId, row.n]));
}
