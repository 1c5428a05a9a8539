// The baseline: a plain count(distinct) of households with a mark in the window over the same
// rows, reached the same way (the community's buildings, by the building-and-time index), but
// without the coverage rule: no "latest mark of each task", no check that the household exists,
// no last visits, no liaisons. What the figures cost over counting naively.
import { sql } from 'drizzle-orm';
import { db } from '../../src/lib/server/db';
import type { Period } from '../../src/lib/domain/matter-figures';

const instant = (epoch: number) => sql`${new Date(epoch).toISOString()}::timestamptz`;
const list = (ids: readonly string[]) => sql.join(ids.map((id) => sql`${id}`), sql`, `);

async function rows(query: ReturnType<typeof sql>): Promise<unknown[]> {
	const result = await db().execute(query);
	return Array.isArray(result) ? result : (result as unknown as { rows: unknown[] }).rows;
}

/** Households with any mark but a clear in the window, per building of `buildingIds`. */
export function plainByBuilding(communityId: string, buildingIds: readonly string[], period: Period): Promise<unknown[]> {
	return rows(sql`select building_id, count(distinct household_code) as n from progress_events
		where community_id = ${communityId} and building_id in (${list(buildingIds)}) and status <> 'cleared'
			and recorded_at >= ${instant(period.from)} and recorded_at < ${instant(period.to)}
		group by building_id`);
}

/** The same, week by week, for the buildings as a whole. */
export function plainByWeek(communityId: string, buildingIds: readonly string[], weeks: readonly Period[]): Promise<unknown[]> {
	const start = weeks[0].from;
	return rows(sql`select floor(extract(epoch from recorded_at - ${instant(start)}) / 604800) as week, count(distinct (building_id, household_code)) as n
		from progress_events
		where community_id = ${communityId} and building_id in (${list(buildingIds)}) and status <> 'cleared'
			and recorded_at >= ${instant(start)} and recorded_at < ${instant(weeks.at(-1)!.to)}
		group by 1`);
}

/** Households with a mark in each community of the street, one query per community at once (as ours runs). */
export function plainStreet(buildingsOf: ReadonlyMap<string, readonly string[]>, period: Period): Promise<unknown[]> {
	return Promise.all(
		[...buildingsOf].map(([communityId, buildingIds]) =>
			rows(sql`select count(distinct (building_id, household_code)) as n from progress_events
				where community_id = ${communityId} and building_id in (${list(buildingIds)}) and status <> 'cleared'
					and recorded_at >= ${instant(period.from)} and recorded_at < ${instant(period.to)}`)
		)
	);
}
