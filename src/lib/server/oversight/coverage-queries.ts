/**
 * The coverage rule of `src/lib/domain/coverage.ts`, counted in the database so that a community
 * of 30,000 households and a year of marks is never loaded: a household is reached in a period
 * when some mark with a progress status, recorded in the period, stands (no later mark of the
 * same task and household recorded in the period is anything else); a building's last visit is
 * the latest standing visit recorded before the end. `coverage-figures.test.ts` holds these
 * equal to the domain functions over the same rows.
 *
 * Indexes: `progress_events_building_time_idx` (community, building, recorded time) narrows a
 * period to the scope's buildings and finds a last visit walking back from the end;
 * `progress_events_task_idx` answers "taken back later?"; `progress_events_user_time_idx`,
 * `task_acks_user_time_idx` and `matters_reporter_key_idx` give a liaison's latest doings.
 */
import { and, eq, gte, inArray, lt, sql, type SQL } from 'drizzle-orm';
import { alias, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { progressStatuses } from '../../domain/community-doc';
import type { LiaisonDoings } from '../../domain/coverage-breakdown';
import type { Period } from '../../domain/matter-figures';
import { db } from '../db';
import { buildings, households, matters, progressEvents, taskAcks, users } from '../db/schema';

const visitStatuses = [...progressStatuses];
const instant = (epoch: number) => sql`${new Date(epoch).toISOString()}::timestamptz`;
/** A time column (or aggregate) as epoch ms, null staying null. */
const epochMs = (value: SQL | AnyPgColumn) => sql<number | null>`floor(extract(epoch from ${value}) * 1000)::float8`.mapWith(Number);

/** Grouped by task and household: the latest mark of the group is a visit. */
const latestIsVisit = sql`max(${progressEvents.id}) filter (where ${inArray(progressEvents.status, visitStatuses)})
	> coalesce(max(${progressEvents.id}) filter (where not ${inArray(progressEvents.status, visitStatuses)}), 0)`;

function marksOf(communityId: string, buildingIds: readonly string[], from: number, to: number) {
	return and(
		eq(progressEvents.communityId, communityId),
		inArray(progressEvents.buildingId, [...buildingIds]),
		gte(progressEvents.recordedAt, new Date(from)),
		lt(progressEvents.recordedAt, new Date(to))
	);
}

/** Households reached in `period`, per building of `buildingIds` (buildings with none are absent). */
export async function visitedByBuilding(communityId: string, buildingIds: readonly string[], period: Period): Promise<Map<string, number>> {
	if (buildingIds.length === 0 || period.to <= period.from) return new Map();
	const reached = db()
		.select({ buildingId: progressEvents.buildingId, code: progressEvents.householdCode })
		.from(progressEvents)
		.where(marksOf(communityId, buildingIds, period.from, period.to))
		.groupBy(progressEvents.taskId, progressEvents.buildingId, progressEvents.householdCode)
		.having(latestIsVisit)
		.as('reached');
	// Each household once (by hashing, not sorting), of the buildings' known households, counted per building.
	const household = db().select({ buildingId: reached.buildingId, code: reached.code }).from(reached).groupBy(reached.buildingId, reached.code).as('household');
	const rows = await db()
		.select({ buildingId: household.buildingId, visited: sql<number>`count(*)`.mapWith(Number) })
		.from(household)
		.innerJoin(households, and(eq(households.buildingId, household.buildingId), eq(households.code, household.code), inArray(households.buildingId, [...buildingIds])))
		.groupBy(household.buildingId);
	return new Map(rows.map((row) => [row.buildingId, row.visited]));
}

/**
 * Households reached per building in each of `weeks` (consecutive periods), in one pass over
 * the marks of the whole span: `result[i]` is `visitedByBuilding` of `weeks[i]`.
 */
export async function visitedByBuildingPerWeek(communityId: string, buildingIds: readonly string[], weeks: readonly Period[]): Promise<Map<string, number>[]> {
	const result = weeks.map(() => new Map<string, number>());
	if (buildingIds.length === 0 || weeks.length === 0) return result;
	const bounds = sql.join([...weeks.map((week) => instant(week.from)), instant(weeks.at(-1)!.to)], sql`, `);
	// 1 for the first week, n for the last (the marks are bounded to the span).
	const bucket = sql<number>`width_bucket(${progressEvents.recordedAt}, array[${bounds}]::timestamptz[])`;
	const reached = db()
		.select({ week: bucket.as('week'), buildingId: progressEvents.buildingId, code: progressEvents.householdCode })
		.from(progressEvents)
		.where(marksOf(communityId, buildingIds, weeks[0].from, weeks.at(-1)!.to))
		// By the output column: the bucket expression repeated would carry parameters of its own, which PostgreSQL takes for another expression.
		.groupBy(sql`${sql.identifier('week')}`, progressEvents.taskId, progressEvents.buildingId, progressEvents.householdCode)
		.having(latestIsVisit)
		.as('reached');
	const household = db()
		.select({ week: reached.week, buildingId: reached.buildingId, code: reached.code })
		.from(reached)
		.groupBy(reached.week, reached.buildingId, reached.code)
		.as('household');
	const rows = await db()
		.select({ week: sql<number>`${household.week}`.mapWith(Number), buildingId: household.buildingId, visited: sql<number>`count(*)`.mapWith(Number) })
		.from(household)
		.innerJoin(households, and(eq(households.buildingId, household.buildingId), eq(households.code, household.code), inArray(households.buildingId, [...buildingIds])))
		.groupBy(household.week, household.buildingId);
	for (const row of rows) result[row.week - 1]?.set(row.buildingId, row.visited);
	return result;
}

/** Each building's last standing visit recorded before `to` (epoch ms), walking back from `to`; buildings never visited are absent. */
export async function lastVisitByBuilding(communityId: string, buildingIds: readonly string[], to: number): Promise<Map<string, number>> {
	if (buildingIds.length === 0) return new Map();
	const mark = alias(progressEvents, 'mark');
	const later = alias(progressEvents, 'later');
	const end = instant(to);
	// Aliased tables render qualified column names: an outer column must never resolve to an inner table's.
	const place = alias(buildings, 'place');
	const takenBack = sql`exists (select 1 from ${progressEvents} as ${later}
		where ${later.taskId} = ${mark.taskId} and ${later.buildingId} = ${mark.buildingId} and ${later.householdCode} = ${mark.householdCode}
		and ${later.communityId} = ${mark.communityId} and ${later.id} > ${mark.id} and ${later.recordedAt} < ${end}
		and not ${inArray(later.status, visitStatuses)})`;
	const known = sql`exists (select 1 from ${households} where ${households.buildingId} = ${mark.buildingId} and ${households.code} = ${mark.householdCode})`;
	const lastVisit = sql`(select ${mark.recordedAt} from ${progressEvents} as ${mark}
		where ${mark.communityId} = ${communityId} and ${mark.buildingId} = ${place.id} and ${mark.recordedAt} < ${end}
		and ${inArray(mark.status, visitStatuses)} and ${known} and not ${takenBack}
		order by ${mark.recordedAt} desc limit 1)`;
	const rows = await db()
		.select({ buildingId: place.id, at: epochMs(lastVisit) })
		.from(place)
		.where(and(eq(place.communityId, communityId), inArray(place.id, [...buildingIds])));
	return new Map(rows.filter((row) => row.at !== null).map((row) => [row.buildingId, row.at as number]));
}

/**
 * Each user's latest mark (any status), acknowledgement and matter report in the community,
 * recorded before `to`. A resident's report filed under a liaison is not the liaison's doing.
 */
export async function liaisonDoings(communityId: string, userIds: readonly string[], to: number): Promise<Map<string, LiaisonDoings>> {
	if (userIds.length === 0) return new Map();
	const end = instant(to);
	const person = alias(users, 'person');
	const rows = await db()
		.select({
			userId: person.id,
			markedAt: epochMs(
				sql`(select max(${progressEvents.recordedAt}) from ${progressEvents} where ${progressEvents.communityId} = ${communityId} and ${progressEvents.userId} = ${person.id} and ${progressEvents.recordedAt} < ${end})`
			),
			ackedAt: epochMs(sql`(select max(${taskAcks.ackedAt}) from ${taskAcks} where ${taskAcks.communityId} = ${communityId} and ${taskAcks.userId} = ${person.id} and ${taskAcks.ackedAt} < ${end})`),
			reportedAt: epochMs(sql`(select max(${matters.reportedAt}) from ${matters} where ${matters.communityId} = ${communityId} and ${matters.reportedBy} = ${person.id} and ${matters.source} = 'staff' and ${matters.reportedAt} < ${end})`)
		})
		.from(person)
		.where(inArray(person.id, [...userIds]));
	return new Map(rows.map(({ userId, ...doings }) => [userId, doings]));
}
