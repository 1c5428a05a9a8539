import { eq } from 'drizzle-orm';
import type { BuildingPlace } from '../../src/lib/domain/live-rules';
import { db } from '../../src/lib/server/db';
import { buildings, microGrids } from '../../src/lib/server/db/schema';

/** Where each building of a community sits (its micro-grid and grid), for the write rules. */
export async function loadBuildingPlaces(communityId: string): Promise<Map<string, BuildingPlace>> {
	const rows = await db()
		.select({ id: buildings.id, microGridId: microGrids.id, gridId: microGrids.gridId })
		.from(buildings)
		.innerJoin(microGrids, eq(buildings.microGridId, microGrids.id))
		.where(eq(buildings.communityId, communityId));
	return new Map(rows.map((row) => [row.id, { gridId: row.gridId, microGridId: row.microGridId }]));
}
