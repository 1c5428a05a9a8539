/**
 * What the database knows of liaisons' days: the marks (as the diary's coverage rule needs
 * them), 收到, matter work, and the diary's own rows. No rule is decided here; `diary.ts` and
 * `permissions.ts` do that with what these return.
 */
import { and, asc, eq, gte, inArray, lt, lte } from 'drizzle-orm';
import type { DiaryDate } from '../../domain/diary-dates';
import type { DiaryMark } from '../../domain/diary';
import type { DiaryComment, DiaryEntry } from '../../domain/diary-view';
import type { Period } from '../../domain/matter-figures';
import { householdCodesByBuilding } from '../community';
import { db } from '../db';
import { buildings, diaryComments, diaryDays, diaryEntries, progressEvents, users } from '../db/schema';

export type PeriodMarks = { marks: DiaryMark[]; households: Map<string, string[]>; labels: Map<string, string> };

/** Whose marks a diary reads: those on the buildings where these people marked something in the period. */
export type MarkScope = { userIds: readonly string[] };

/**
 * Every mark recorded in `period` on the buildings where the scope's people marked something,
 * in the order they were applied, with the households and names of those buildings: what
 * `diaryVisits` and `visitsByUser` read. All marks of a building, whoever made them, so a later
 * mark by someone else counts as the rule says. Narrowed by `progress_events_user_time_idx` and
 * `progress_events_building_time_idx`.
 */
export async function marksOfPeriod(communityId: string, period: Period, scope: MarkScope): Promise<PeriodMarks> {
	if (scope.userIds.length === 0) return { marks: [], households: new Map(), labels: new Map() };
	const inPeriod = and(
		eq(progressEvents.communityId, communityId),
		gte(progressEvents.recordedAt, new Date(period.from)),
		lt(progressEvents.recordedAt, new Date(period.to))
	);
	const marked = db()
		.selectDistinct({ id: progressEvents.buildingId })
		.from(progressEvents)
		.where(and(inPeriod, inArray(progressEvents.userId, [...scope.userIds])));
	const onBuildings = inArray(progressEvents.buildingId, marked);
	const rows = await db()
		.select({
			id: progressEvents.id,
			taskId: progressEvents.taskId,
			buildingId: progressEvents.buildingId,
			code: progressEvents.householdCode,
			status: progressEvents.status,
			by: progressEvents.userId,
			recordedAt: progressEvents.recordedAt
		})
		.from(progressEvents)
		.where(and(inPeriod, onBuildings))
		.orderBy(asc(progressEvents.id));
	const touched = [...new Set(rows.map((row) => row.buildingId))];
	const [households, labelRows] = await Promise.all([
		householdCodesByBuilding(touched),
		touched.length ? db().select({ id: buildings.id, label: buildings.label }).from(buildings).where(inArray(buildings.id, touched)) : []
	]);
	return {
		marks: rows.map(({ recordedAt, ...row }) => ({ ...row, at: recordedAt.getTime() })),
		households,
		labels: new Map(labelRows.map((row) => [row.id, row.label]))
	};
}

export type DiaryKey = { communityId: string; userId: string };
export type DateRange = { from: DiaryDate; to: DiaryDate };

/** An entry row as the API and pages send it, with its date. */
export const entryOf = (row: typeof diaryEntries.$inferSelect): DiaryEntry & { date: DiaryDate } => ({
	id: row.id,
	date: row.date,
	problem: row.problem,
	action: row.action,
	result: row.result,
	matterId: row.matterId,
	createdAt: row.createdAt.getTime(),
	updatedAt: row.updatedAt.getTime()
});

/** Entries of one diary over dates `from`–`to` (both included), in the order they were written. */
export async function entriesOf(key: DiaryKey, range: DateRange): Promise<(DiaryEntry & { date: DiaryDate })[]> {
	const rows = await db()
		.select()
		.from(diaryEntries)
		.where(
			and(
				eq(diaryEntries.userId, key.userId),
				eq(diaryEntries.communityId, key.communityId),
				gte(diaryEntries.date, range.from),
				lte(diaryEntries.date, range.to)
			)
		)
		.orderBy(asc(diaryEntries.date), asc(diaryEntries.createdAt), asc(diaryEntries.id));
	return rows.map(entryOf);
}

/** Comments on one diary over a range of dates, oldest first, with their authors' names. */
export async function commentsOf(key: DiaryKey, range: DateRange): Promise<(DiaryComment & { date: DiaryDate })[]> {
	const rows = await db()
		.select({ row: diaryComments, authorName: users.displayName })
		.from(diaryComments)
		.innerJoin(users, eq(users.id, diaryComments.authorId))
		.where(
			and(
				eq(diaryComments.userId, key.userId),
				eq(diaryComments.communityId, key.communityId),
				gte(diaryComments.date, range.from),
				lte(diaryComments.date, range.to)
			)
		)
		.orderBy(asc(diaryComments.createdAt), asc(diaryComments.id));
	return rows.map(({ row, authorName }) => ({
		id: row.id,
		date: row.date,
		kind: row.kind,
		authorId: row.authorId,
		authorName,
		text: row.text,
		at: row.createdAt.getTime()
	}));
}

/** When each day of the range was marked done. */
export async function doneDaysOf(key: DiaryKey, range: DateRange): Promise<Map<DiaryDate, number>> {
	const rows = await db()
		.select({ date: diaryDays.date, doneAt: diaryDays.doneAt })
		.from(diaryDays)
		.where(
			and(
				eq(diaryDays.userId, key.userId),
				eq(diaryDays.communityId, key.communityId),
				gte(diaryDays.date, range.from),
				lte(diaryDays.date, range.to)
			)
		);
	return new Map(rows.map((row) => [row.date, row.doneAt.getTime()]));
}
