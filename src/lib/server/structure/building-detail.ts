import { db } from '../db';
import { householdCodesByBuilding } from '../community';
import type { StructureActor } from './structure-access';
import { loadBuilding } from './structure-records';

/** One building with its whole household list, for editing the list by hand. */
export type BuildingDetail = {
	id: string;
	label: string;
	microGridId: string | null;
	compoundId: string | null;
	units: number;
	floors: number;
	roomsPerFloor: number;
	/** Household codes by unit, floor, room. */
	households: string[];
};

/** Anyone who may see the community may read it (the actor is checked already); 404 for another community's building. */
export async function buildingDetail(actor: StructureActor, buildingId: string): Promise<BuildingDetail> {
	const building = await loadBuilding(db(), actor.community.id, buildingId);
	const codes = await householdCodesByBuilding([building.id]);
	const { id, label, microGridId, compoundId, units, floors, roomsPerFloor } = building;
	return { id, label, microGridId, compoundId, units, floors, roomsPerFloor, households: codes.get(building.id) ?? [] };
}
