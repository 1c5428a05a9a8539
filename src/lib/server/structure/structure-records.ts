import { and, asc, count, eq, inArray } from 'drizzle-orm';
import type { Polygonal } from '../../domain/geojson';
import type { Tx } from '../db';
import { buildings, compounds, grids, households, memberships, microGrids } from '../db/schema';
import { refusal } from '../refusal';

export type GridRow = typeof grids.$inferSelect;
export type MicroGridRow = typeof microGrids.$inferSelect;
export type BuildingRow = typeof buildings.$inferSelect;

export async function loadGrid(tx: Tx, communityId: string, gridId: string): Promise<GridRow> {
	const [grid] = await tx.select().from(grids).where(and(eq(grids.id, gridId), eq(grids.communityId, communityId)));
	if (!grid) throw refusal(404, 'error_grid_not_found');
	return grid;
}

export async function loadMicroGrid(tx: Tx, communityId: string, microGridId: string): Promise<MicroGridRow> {
	const [micro] = await tx
		.select()
		.from(microGrids)
		.where(and(eq(microGrids.id, microGridId), eq(microGrids.communityId, communityId)));
	if (!micro) throw refusal(404, 'error_micro_grid_not_found');
	return micro;
}

export async function loadBuilding(tx: Tx, communityId: string, buildingId: string): Promise<BuildingRow> {
	const [building] = await tx
		.select()
		.from(buildings)
		.where(and(eq(buildings.id, buildingId), eq(buildings.communityId, communityId)));
	if (!building) throw refusal(404, 'error_building_not_found');
	return building;
}

/** A reference named in a body (gridId, microGridId) that is not of this community is a bad request, not a 404. */
export async function referencedMicroGrid(tx: Tx, communityId: string, microGridId: string): Promise<MicroGridRow> {
	const [micro] = await tx
		.select()
		.from(microGrids)
		.where(and(eq(microGrids.id, microGridId), eq(microGrids.communityId, communityId)));
	if (!micro) throw refusal(400, 'error_micro_grid_unknown', { id: microGridId });
	return micro;
}

export async function referencedGrid(tx: Tx, communityId: string, gridId: string): Promise<GridRow> {
	const [grid] = await tx.select().from(grids).where(and(eq(grids.id, gridId), eq(grids.communityId, communityId)));
	if (!grid) throw refusal(400, 'error_grid_unknown', { id: gridId });
	return grid;
}

export async function checkCompound(tx: Tx, communityId: string, compoundId: string | null | undefined): Promise<void> {
	if (!compoundId) return;
	const [compound] = await tx
		.select({ id: compounds.id })
		.from(compounds)
		.where(and(eq(compounds.id, compoundId), eq(compounds.communityId, communityId)));
	if (!compound) throw refusal(400, 'error_compound_unknown', { id: compoundId });
}

/** The users holding a role at one place, in a stable order. */
export async function roleHolders(tx: Tx, role: 'chief' | 'liaison', placeId: string): Promise<string[]> {
	const column = role === 'chief' ? memberships.gridId : memberships.microGridId;
	const rows = await tx
		.select({ userId: memberships.userId })
		.from(memberships)
		.where(and(eq(memberships.role, role), eq(column, placeId)))
		.orderBy(asc(memberships.userId));
	return [...new Set(rows.map((r) => r.userId))];
}

export async function householdCount(tx: Tx, buildingId: string): Promise<number> {
	const [row] = await tx.select({ n: count() }).from(households).where(eq(households.buildingId, buildingId));
	return row?.n ?? 0;
}

export async function microGridCount(tx: Tx, gridId: string): Promise<number> {
	const [row] = await tx.select({ n: count() }).from(microGrids).where(eq(microGrids.gridId, gridId));
	return row?.n ?? 0;
}

export async function buildingCount(tx: Tx, microGridId: string): Promise<number> {
	const [row] = await tx.select({ n: count() }).from(buildings).where(eq(buildings.microGridId, microGridId));
	return row?.n ?? 0;
}

/** What the history keeps of each record: its fields, geometry included. */
export const gridSnapshot = (grid: Pick<GridRow, 'name' | 'geometry' | 'sortOrder'>, chiefIds: string[]) => ({
	name: grid.name,
	geometry: grid.geometry,
	sortOrder: grid.sortOrder,
	chiefIds
});

export const microGridSnapshot = (micro: Pick<MicroGridRow, 'name' | 'gridId' | 'geometry' | 'sortOrder'>, liaisonIds: string[]) => ({
	name: micro.name,
	gridId: micro.gridId,
	geometry: micro.geometry,
	sortOrder: micro.sortOrder,
	liaisonIds
});

export const buildingSnapshot = (
	building: Pick<BuildingRow, 'label' | 'microGridId' | 'compoundId' | 'geometry' | 'units' | 'floors' | 'roomsPerFloor'>,
	householdTotal: number) => ({
	label: building.label,
	microGridId: building.microGridId,
	compoundId: building.compoundId,
	geometry: building.geometry,
	units: building.units,
	floors: building.floors,
	roomsPerFloor: building.roomsPerFloor,
	households: householdTotal
});

/** Buildings of micro-grids, for checking them against a parent's new outline. */
export async function buildingsIn(tx: Tx, microGridIds: string[]) {
	if (microGridIds.length === 0) return [];
	return tx
		.select({ id: buildings.id, label: buildings.label, microGridId: buildings.microGridId, geometry: buildings.geometry })
		.from(buildings)
		.where(inArray(buildings.microGridId, microGridIds));
}

export async function microGridsIn(tx: Tx, gridId: string): Promise<{ id: string; name: string; geometry: Polygonal | null }[]> {
	return tx.select({ id: microGrids.id, name: microGrids.name, geometry: microGrids.geometry }).from(microGrids).where(eq(microGrids.gridId, gridId));
}
