import { and, eq, inArray } from 'drizzle-orm';
import type { Standing } from '../../domain/permissions';
import { db } from '../db';
import { buildings } from '../db/schema';

/**
 * The buildings of a liaison's micro-grids in one community: which tasks of the live document
 * concern them, for the alert and the nav badge on every page. Empty for everyone else.
 */
export async function liaisonBuildingIds(standing: Standing): Promise<string[]> {
	const microGridIds = standing.liaisonMicroGridIds;
	if (microGridIds.length === 0) return [];
	const rows = await db()
		.select({ id: buildings.id })
		.from(buildings)
		.where(and(eq(buildings.communityId, standing.communityId), inArray(buildings.microGridId, [...microGridIds])));
	return rows.map((row) => row.id).sort();
}
