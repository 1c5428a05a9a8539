import { and, eq, inArray } from 'drizzle-orm';
import { liaisonMicroGridIds } from '../../domain/permissions';
import type { Principal } from '../../domain/roles';
import { db } from '../db';
import { buildings } from '../db/schema';

/**
 * The buildings of a liaison's micro-grids in one community: which tasks of the live document
 * concern them, for the alert and the nav badge on every page. Empty for everyone else.
 */
export async function liaisonBuildingIds(principal: Principal, communityId: string): Promise<string[]> {
	const microGridIds = liaisonMicroGridIds(principal, communityId);
	if (microGridIds.length === 0) return [];
	const rows = await db()
		.select({ id: buildings.id })
		.from(buildings)
		.where(and(eq(buildings.communityId, communityId), inArray(buildings.microGridId, microGridIds)));
	return rows.map((row) => row.id).sort();
}
