/**
 * The chief's and the secretary's list of liaisons' diaries for one day: who reached how many
 * households, wrote how much, and marked the day done. Only the liaisons whose diaries the
 * reader may read (`mayReadDiary`): a chief's grids, the whole community for the secretary.
 */
import { and, asc, count, eq, isNull } from 'drizzle-orm';
import { visitsByUser } from '../../domain/diary';
import { dayPeriod, type DiaryDate } from '../../domain/diary-dates';
import type { DiaryTeamRow } from '../../domain/diary-view';
import { mayReadDiary, type Standing } from '../../domain/permissions';
import { db } from '../db';
import { diaryComments, diaryDays, diaryEntries, grids, memberships, microGrids, users } from '../db/schema';
import { marksOfPeriod } from './diary-records';

type Liaison = { userId: string; name: string; places: { gridId: string; microGridId: string }[]; microGrids: string[]; gridName: string };

/** Active liaisons of the community with their micro-grids, in the order of the map's grids. */
async function liaisonsOf(communityId: string): Promise<Liaison[]> {
	const rows = await db()
		.select({ userId: users.id, name: users.displayName, microGridId: microGrids.id, microGridName: microGrids.name, gridId: grids.id, gridName: grids.name })
		.from(memberships)
		.innerJoin(users, eq(users.id, memberships.userId))
		.innerJoin(microGrids, eq(microGrids.id, memberships.microGridId))
		.innerJoin(grids, eq(grids.id, microGrids.gridId))
		.where(and(eq(memberships.communityId, communityId), eq(memberships.role, 'liaison'), isNull(users.disabledAt)))
		.orderBy(asc(grids.sortOrder), asc(microGrids.sortOrder), asc(users.displayName));
	const byUser = new Map<string, Liaison>();
	for (const row of rows) {
		const liaison = byUser.get(row.userId) ?? { userId: row.userId, name: row.name, places: [], microGrids: [], gridName: row.gridName };
		liaison.places.push({ gridId: row.gridId, microGridId: row.microGridId });
		liaison.microGrids.push(row.microGridName);
		byUser.set(row.userId, liaison);
	}
	return [...byUser.values()];
}

async function countsByUser(table: typeof diaryEntries | typeof diaryComments, communityId: string, date: DiaryDate): Promise<Map<string, number>> {
	const rows = await db()
		.select({ userId: table.userId, n: count() })
		.from(table)
		.where(and(eq(table.communityId, communityId), eq(table.date, date)))
		.groupBy(table.userId);
	return new Map(rows.map((row) => [row.userId, row.n]));
}

export async function diaryTeam(standing: Standing, date: DiaryDate): Promise<DiaryTeamRow[]> {
	const communityId = standing.communityId;
	const readable = (await liaisonsOf(communityId)).filter((liaison) => mayReadDiary(standing, { userId: liaison.userId, places: liaison.places }));
	if (readable.length === 0) return [];
	const period = dayPeriod(date);
	const [marks, entries, comments, doneRows] = await Promise.all([
		// The same rule as each liaison's day (`readDiaryDay`): the buildings it marked that day.
		marksOfPeriod(communityId, period, { userIds: readable.map((liaison) => liaison.userId) }),
		countsByUser(diaryEntries, communityId, date),
		countsByUser(diaryComments, communityId, date),
		db().select({ userId: diaryDays.userId }).from(diaryDays).where(and(eq(diaryDays.communityId, communityId), eq(diaryDays.date, date)))
	]);
	const visits = visitsByUser(marks.households, marks.marks, period);
	const done = new Set(doneRows.map((row) => row.userId));
	return readable.map((liaison) => ({
		userId: liaison.userId,
		name: liaison.name,
		microGrids: liaison.microGrids,
		gridName: liaison.gridName,
		households: visits.get(liaison.userId)?.households ?? 0,
		entries: entries.get(liaison.userId) ?? 0,
		comments: comments.get(liaison.userId) ?? 0,
		done: done.has(liaison.userId)
	}));
}
