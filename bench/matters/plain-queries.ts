// The baselines: the same rows as ours, read with one plain select and nothing else (no joins
// for names, no cover photo, no rule pass, no reshaping). What the database must do anyway.
import { sql, type SQL } from 'drizzle-orm';
import type { Standing } from '../../src/lib/domain/permissions';
import { db } from '../../src/lib/server/db';

export type PlainScope = { communityId: string; standing: Standing };

async function rows(query: SQL): Promise<unknown[]> {
	const result = (await db().execute(query)) as unknown as unknown[] | { rows: unknown[] };
	return Array.isArray(result) ? result : result.rows;
}

/** The rows a role may see, written out by hand for the roles the bench uses. */
function narrowing(s: Standing, table = 'matters'): SQL {
	if (s.secretary || s.watcher) return sql`true`;
	const column = (name: string) => sql.raw(`${table}.${name}`);
	const clauses = [sql`${column('reported_by')} = ${s.userId}`, sql`${column('destination')}->>'userId' = ${s.userId}`];
	if (s.chiefGridIds.length) clauses.push(sql`${column('grid_id')} in ${s.chiefGridIds}`);
	if (s.liaisonMicroGridIds.length) clauses.push(sql`${column('micro_grid_id')} in ${s.liaisonMicroGridIds}`);
	if (s.propertyOrgIds.length) clauses.push(sql`${column('destination')}->>'orgId' in ${s.propertyOrgIds}`);
	return sql`(${sql.join(clauses, sql` or `)})`;
}

/** `select * from matters where community_id = $1`, the list's order and limit (one more, as ours reads). */
export function plainList({ communityId, standing }: PlainScope, limit: number): Promise<unknown[]> {
	return rows(sql`select * from matters where community_id = ${communityId} and ${narrowing(standing)}
		order by reported_at desc, id desc limit ${limit + 1}`);
}

/** The pins' columns joined to their buildings' shapes, the pins' rows. */
export function plainPins({ communityId, standing }: PlainScope, now: number): Promise<unknown[]> {
	const recent = new Date(now - 30 * 86_400_000).toISOString();
	return rows(sql`select m.id, m.status, m.urgent, m.category_id, m.due_at, m.point, b.geometry
		from matters m left join buildings b on b.id = m.building_id
		where m.community_id = ${communityId} and ${narrowing(standing, 'm')}
		and (m.status in ('unverified', 'reported', 'routed', 'accepted', 'resolved') or m.updated_at >= ${recent})`);
}
