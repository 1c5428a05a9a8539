import { and, eq, gt, gte, inArray, isNotNull, lte } from 'drizzle-orm';
import { noticeKey, type NoticeKind, type NoticeSubject } from '../../domain/notices';
import { digestDue, morningReportDue } from '../../domain/notice-text';
import { db } from '../db';
import { matters, notifyRobots, tasks } from '../db/schema';
import { recordNotice } from './notices';

/**
 * Finds what happened without a service to record it: tasks dispatched and reminded through the
 * live document (projected into `tasks`), due times passed (the morning report, overdue
 * matters), the weekly digest. Every instance runs it every few seconds: correctness comes from
 * the notices' unique keys; the windows below and the set of keys this process has recorded
 * only keep it cheap.
 */
export function planNotices(now: Date): Promise<void> {
	// The memory below is the process's, so one planning at a time: a second caller (another
	// notifier in this process, a test) would otherwise skip the slow look that a planning still
	// in flight has claimed but not yet recorded.
	const run = planning.then(() => planOnce(now));
	planning = run.catch(() => {});
	return run;
}

let planning: Promise<void> = Promise.resolve();

async function planOnce(now: Date): Promise<void> {
	const at = now.getTime();
	await planTaskNotices(at);
	if (at - lastSlowLook >= slowEveryMs || at < lastSlowLook) {
		lastSlowLook = at;
		await Promise.all([planMorningReports(at), planOverdueMatters(at), planDigests(at)]);
	}
}

const hour = 3_600_000;
/** A task dispatched longer ago than this is old news. */
export const dispatchLookBackMs = 24 * hour;
/** The morning report covers tasks due within the last two days. */
const morningLookBackMs = 48 * hour;
/** A matter overdue for longer than this was reported already (or was due before notices existed). */
export const overdueLookBackMs = 72 * hour;
/** Due times and the digest need minutes, not seconds. */
const slowEveryMs = 60_000;
/** Projected rows carry the sync server's clock; another instance's may be a little off. */
const clockSlackMs = 60_000;

let lastSlowLook = Number.NEGATIVE_INFINITY;
let lastTaskLook: number | null = null;

/** Keys recorded by this process: no need to ask the database (or wake the notifier) again. */
const recorded = new Set<string>();
const recordedLimit = 20_000;

/** Forgets what this process has looked at and recorded, as a fresh instance would (tests). */
export function resetPlannerMemory(): void {
	lastSlowLook = Number.NEGATIVE_INFINITY;
	lastTaskLook = null;
	recorded.clear();
}

async function record(key: string, communityId: string | null, kind: NoticeKind, subject: NoticeSubject, urgent = false): Promise<void> {
	if (recorded.has(key)) return;
	await recordNotice(db(), { key, communityId, kind, subject, urgent });
	if (recorded.size >= recordedLimit) recorded.clear();
	recorded.add(key);
}

/**
 * Tasks whose row changed since the last look (the first look: the last day): a new open task
 * is a dispatch, a grown reminder count a reminder (the latest one; two within one look are one).
 */
async function planTaskNotices(at: number): Promise<void> {
	const since = Math.max(Math.min(lastTaskLook ?? -Infinity, at) - clockSlackMs, at - dispatchLookBackMs);
	lastTaskLook = at;
	const rows = await db()
		.select({ id: tasks.id, communityId: tasks.communityId, createdAt: tasks.createdAt, reminders: tasks.reminders })
		.from(tasks)
		.where(and(eq(tasks.status, 'open'), gt(tasks.updatedAt, new Date(since))));
	for (const task of rows) {
		const created = task.createdAt?.getTime() ?? null;
		if (created !== null && created > at - dispatchLookBackMs) {
			await record(noticeKey.taskDispatched(task.id), task.communityId, 'task-dispatched', { taskId: task.id });
		}
		if (task.reminders > 0) {
			await record(noticeKey.taskReminder(task.id, task.reminders), task.communityId, 'task-reminder', { taskId: task.id, reminder: task.reminders });
		}
	}
}

/** The first 08:00 after a task's due time (a moved due time reports again). */
async function planMorningReports(at: number): Promise<void> {
	const rows = await db()
		.select({ id: tasks.id, communityId: tasks.communityId, dueAt: tasks.dueAt })
		.from(tasks)
		.where(and(isNotNull(tasks.dueAt), gte(tasks.dueAt, new Date(at - morningLookBackMs)), lte(tasks.dueAt, new Date(at))));
	for (const task of rows) {
		const dueAt = task.dueAt!.getTime();
		if (morningReportDue(dueAt, at)) await record(noticeKey.taskMorning(task.id, dueAt), task.communityId, 'task-morning', { taskId: task.id });
	}
}

/** Routed or accepted matters past their due time (an approved 延期 moves it: a new key). */
async function planOverdueMatters(at: number): Promise<void> {
	const rows = await db()
		.select({ id: matters.id, communityId: matters.communityId, dueAt: matters.dueAt, urgent: matters.urgent })
		.from(matters)
		.where(and(inArray(matters.status, ['routed', 'accepted']), gte(matters.dueAt, new Date(at - overdueLookBackMs)), lte(matters.dueAt, new Date(at - 1))));
	for (const matter of rows) {
		const dueAt = matter.dueAt!.getTime();
		await record(noticeKey.matterOverdue(matter.id, dueAt), matter.communityId, 'matter-overdue', { matterId: matter.id }, matter.urgent);
	}
}

/** Monday morning: one digest per community with a community group robot. */
async function planDigests(at: number): Promise<void> {
	const due = digestDue(at);
	if (!due) return;
	const rows = await db()
		.selectDistinct({ communityId: notifyRobots.communityId })
		.from(notifyRobots)
		.where(and(eq(notifyRobots.scope, 'community'), isNotNull(notifyRobots.communityId)));
	for (const { communityId } of rows) {
		await record(noticeKey.weeklyDigest(communityId!, due.week), communityId, 'weekly-digest', { week: due.week });
	}
}
