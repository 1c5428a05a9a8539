/**
 * Task figures for reports, history and boards that are not connected to the live document
 *: read from the projection tables the sync server keeps (`tasks`, `progress_events`,
 * `task_acks`), never from Yjs, so archived tasks keep their final figures. A household counts
 * by its latest event, so a later clear removes its mark.
 */
import { and, asc, count, desc, eq, inArray, or, sql } from 'drizzle-orm';
import { scopeBuildingProgress, type BuildingProgress, type TaskAck, type TaskDetail, type TaskRound, type TaskSummary } from '../../domain/task-report';
import { progressStatuses, type ProgressEntry, type ProgressStatus, type TaskStatus } from '../../domain/community-doc';
import type { Principal } from '../../domain/roles';
import { sumTallies } from '../../domain/progress';
import { canView, householdCodesByBuilding, householdCounts } from '../community';
import { db } from '../db';
import { refusal } from '../refusal';
import { households, progressEvents, taskAcks, tasks } from '../db/schema';

export type { BuildingProgress, TaskAck, TaskDetail, TaskRound, TaskSummary };

export type TaskRow = typeof tasks.$inferSelect;

const epoch = (date: Date | null) => (date ? date.getTime() : null);

/** A task row the principal may read; 404 for no such task, 403 for another community's. */
export async function readableTask(principal: Principal, taskId: string): Promise<TaskRow> {
	const [task] = await db().select().from(tasks).where(eq(tasks.id, taskId));
	if (!task) throw refusal(404, 'error_task_not_found');
	if (!(await canView(principal, task.communityId))) throw refusal(403, 'error_community_forbidden');
	return task;
}

/** One task with its acknowledgements and its figures per building of the scope; anyone who may view its community. */
export async function taskDetail(principal: Principal, taskId: string): Promise<TaskDetail> {
	const task = await readableTask(principal, taskId);
	const [figures, acks] = await Promise.all([buildingFigures([task]), acksOf(task.communityId, taskId)]);
	const { id, title, kind, status, round, scope, instructions, roundOf, createdBy, reminders } = task;
	return {
		id,
		title,
		kind,
		status,
		dueAt: epoch(task.dueAt),
		round,
		scope,
		acks,
		buildings: figures.get(id) ?? [],
		instructions,
		roundOf,
		createdBy,
		createdAt: epoch(task.createdAt),
		closedAt: epoch(task.closedAt),
		reminders
	};
}

/**
 * Every round of the task's chain (the first task and the rounds that name it in `roundOf`),
 * oldest round first, with household figures over each round's own scope: coverage round by
 * round. Anyone who may view the community.
 */
export async function taskRounds(principal: Principal, taskId: string): Promise<TaskRound[]> {
	const rows = await roundsOf(await readableTask(principal, taskId));
	const figures = await buildingFigures(rows);
	return rows.map((row) => {
		const { total, visited, absent, refused, issue, done } = sumTallies(figures.get(row.id) ?? []);
		return {
			id: row.id,
			round: row.round,
			status: row.status,
			createdAt: epoch(row.createdAt),
			dueAt: epoch(row.dueAt),
			closedAt: epoch(row.closedAt),
			total,
			visited,
			absent,
			refused,
			issue,
			done
		};
	});
}

/** Every round of the task's chain (the first task and the rounds that name it in `roundOf`), oldest round first. */
export async function roundsOf(task: TaskRow): Promise<TaskRow[]> {
	const root = task.roundOf ?? task.id;
	return db()
		.select()
		.from(tasks)
		.where(and(eq(tasks.communityId, task.communityId), or(eq(tasks.id, root), eq(tasks.roundOf, root))))
		.orderBy(asc(tasks.round), sql`${tasks.createdAt} asc nulls last`, asc(tasks.id));
}

/** One task's figures per building of its scope, exactly as `taskDetail` gives them: for notices, which have no principal. */
export async function scopeFigures(task: TaskRow): Promise<BuildingProgress[]> {
	return (await buildingFigures([task])).get(task.id) ?? [];
}

/** Figures per building of each task's scope, in scope order, from the latest mark of each household. */
async function buildingFigures(rows: readonly TaskRow[]): Promise<Map<string, BuildingProgress[]>> {
	const result = new Map<string, BuildingProgress[]>();
	if (rows.length === 0) return result;
	const [codes, marks] = await Promise.all([householdCodesByBuilding(rows.flatMap((row) => row.scope)), latestMarks(rows)]);
	for (const row of rows) result.set(row.id, scopeBuildingProgress(row.scope, codes, marks.get(row.id)));
	return result;
}

// Every read names the community as well as the task: rows of a task id written in another community are not this task's.
async function acksOf(communityId: string, taskId: string): Promise<TaskAck[]> {
	const rows = await db()
		.select({ userId: taskAcks.userId, at: taskAcks.ackedAt })
		.from(taskAcks)
		.where(and(eq(taskAcks.communityId, communityId), eq(taskAcks.taskId, taskId)))
		.orderBy(asc(taskAcks.ackedAt), asc(taskAcks.userId));
	return rows.map((row) => ({ userId: row.userId, at: row.at.getTime() }));
}

/**
 * The latest mark of each household, by task and building; clears are kept as such and count as
 * no mark. `buildingIds`: only these buildings (a report reading a large scope part by part).
 */
export async function latestMarks(taskRows: readonly TaskRow[], buildingIds?: readonly string[]): Promise<Map<string, Map<string, Map<string, ProgressEntry>>>> {
	const communities = [...new Set(taskRows.map((row) => row.communityId))];
	const rows = await db()
		.selectDistinctOn([progressEvents.taskId, progressEvents.buildingId, progressEvents.householdCode], {
			taskId: progressEvents.taskId,
			buildingId: progressEvents.buildingId,
			code: progressEvents.householdCode,
			status: progressEvents.status,
			userId: progressEvents.userId,
			recordedAt: progressEvents.recordedAt
		})
		.from(progressEvents)
		.where(
			and(
				inArray(progressEvents.communityId, communities),
				inArray(progressEvents.taskId, taskRows.map((row) => row.id)),
				buildingIds ? inArray(progressEvents.buildingId, [...buildingIds]) : undefined
			)
		)
		.orderBy(progressEvents.taskId, progressEvents.buildingId, progressEvents.householdCode, desc(progressEvents.id));
	const byTask = new Map<string, Map<string, Map<string, ProgressEntry>>>();
	for (const row of rows) {
		let buildings = byTask.get(row.taskId);
		if (!buildings) byTask.set(row.taskId, (buildings = new Map()));
		let marks = buildings.get(row.buildingId);
		if (!marks) buildings.set(row.buildingId, (marks = new Map()));
		marks.set(row.code, { s: row.status as ProgressStatus, by: row.userId ?? '', at: row.recordedAt.getTime() });
	}
	return byTask;
}

/** The community's tasks, open ones first, then the most recent; with households done of total. */
export async function communityTasks(principal: Principal, communityId: string, status: TaskStatus | null): Promise<TaskSummary[]> {
	if (!(await canView(principal, communityId))) throw refusal(403, 'error_community_forbidden');
	const rows = await db()
		.select()
		.from(tasks)
		.where(and(eq(tasks.communityId, communityId), status ? eq(tasks.status, status) : undefined))
		.orderBy(sql`${tasks.status} = 'open' desc`, sql`${tasks.createdAt} desc nulls last`, desc(tasks.updatedAt), asc(tasks.id));
	if (rows.length === 0) return [];
	const ids = rows.map((row) => row.id);
	const [sizes, done, acks] = await Promise.all([householdCounts(communityId), doneByTask(communityId, ids), ackCounts(communityId, ids)]);
	return rows.map((row) => ({
		id: row.id,
		title: row.title,
		kind: row.kind,
		status: row.status,
		dueAt: epoch(row.dueAt),
		round: row.round,
		roundOf: row.roundOf,
		createdAt: epoch(row.createdAt),
		closedAt: epoch(row.closedAt),
		buildings: row.scope.length,
		total: row.scope.reduce((sum, buildingId) => sum + (sizes.get(buildingId) ?? 0), 0),
		done: done.get(row.id) ?? 0,
		acks: acks.get(row.id) ?? 0
	}));
}

async function ackCounts(communityId: string, taskIds: string[]): Promise<Map<string, number>> {
	const rows = await db()
		.select({ taskId: taskAcks.taskId, n: count() })
		.from(taskAcks)
		.where(and(eq(taskAcks.communityId, communityId), inArray(taskAcks.taskId, taskIds)))
		.groupBy(taskAcks.taskId);
	return new Map(rows.map((row) => [row.taskId, row.n]));
}

/**
 * Households with a mark per task, counted in the database: the latest event of each household,
 * kept when it is a status (not a clear), of a household that exists in a building of the scope.
 * This is `tallyBuilding`'s rule summed over the scope, in SQL so a list of many archived tasks
 * does not load every mark: the server always has the codes, so only marks of existing households
 * count, and a building without households counts none (its cap is 0). The task API integration
 * test (`task-coverage.test.ts`) checks it against the domain function.
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
		.innerJoin(tasks, and(eq(tasks.id, latest.taskId), eq(tasks.communityId, communityId), sql`${tasks.scope} @> jsonb_build_array(${latest.buildingId})`))
		.where(inArray(latest.status, [...progressStatuses]))
		.groupBy(latest.taskId);
	return new Map(rows.map((row) => [row.taskId, row.n]));
}
