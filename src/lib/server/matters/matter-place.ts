import { and, eq } from 'drizzle-orm';
import { containingArea } from '../../domain/containment';
import type { Position } from '../../domain/geojson';
import type { Place } from '../../domain/permissions';
import { db } from '../db';
import { buildings, grids, microGrids } from '../db/schema';
import { refusal } from '../refusal';

export type MatterPlace = Place & { buildingId: string | null; compoundId: string | null };

/**
 * Where a reported matter is, fixed at report time: its building's micro-grid and grid, or the
 * micro-grid (else the grid) around its point. 400 for a building of another community or a
 * point outside every grid.
 */
export async function placeOf(communityId: string, buildingId: string | null | undefined, point: Position | null | undefined): Promise<MatterPlace> {
	if (buildingId) {
		const [building] = await db()
			.select({ id: buildings.id, compoundId: buildings.compoundId, microGridId: buildings.microGridId, gridId: microGrids.gridId })
			.from(buildings)
			.leftJoin(microGrids, eq(microGrids.id, buildings.microGridId))
			.where(and(eq(buildings.id, buildingId), eq(buildings.communityId, communityId)));
		if (!building) throw refusal(400, 'error_matter_building_unknown');
		return { buildingId: building.id, compoundId: building.compoundId, gridId: building.gridId, microGridId: building.microGridId };
	}
	if (!point) throw refusal(400, 'error_matter_place_missing');
	const areas = await db()
		.select({ id: microGrids.id, gridId: microGrids.gridId, geometry: microGrids.geometry })
		.from(microGrids)
		.where(eq(microGrids.communityId, communityId));
	const microGrid = containingArea(point, areas);
	if (microGrid) return { buildingId: null, compoundId: null, gridId: microGrid.gridId, microGridId: microGrid.id };
	const grid = containingArea(point, await db().select({ id: grids.id, geometry: grids.geometry }).from(grids).where(eq(grids.communityId, communityId)));
	if (!grid) throw refusal(400, 'error_matter_point_outside');
	return { buildingId: null, compoundId: null, gridId: grid.id, microGridId: null };
}
