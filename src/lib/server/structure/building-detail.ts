import { db } from '../db';
import { householdCodesByBuilding } from '../community';
import { mayPrintSigns } from '../../domain/permissions';
import { ensurePublicCodes } from '../public/public-codes';
import type { StructureActor } from './structure-access';
import { loadBuilding, loadMicroGrid } from './structure-records';

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
	/** The code of the building's QR link (`/b/<code>`), made on first read; null for whoever may not print its sign. */
	publicCode: string | null;
};

/** Anyone who may see the community may read it (the actor is checked already); 404 for another community's building. */
export async function buildingDetail(actor: StructureActor, buildingId: string): Promise<BuildingDetail> {
	const building = await loadBuilding(db(), actor.community.id, buildingId);
	const [codes, publicCode] = await Promise.all([householdCodesByBuilding([building.id]), publicCodeFor(actor, building)]);
	const { id, label, microGridId, compoundId, units, floors, roomsPerFloor } = building;
	return { id, label, microGridId, compoundId, units, floors, roomsPerFloor, households: codes.get(building.id) ?? [], publicCode };
}

/** The building's current QR code, only for those who may print its sign (the secretary; a chief of its grid). */
async function publicCodeFor(actor: StructureActor, building: { id: string; microGridId: string | null }): Promise<string | null> {
	const gridId = building.microGridId ? (await loadMicroGrid(db(), actor.community.id, building.microGridId)).gridId : null;
	if (!mayPrintSigns(actor.standing, { gridId, microGridId: building.microGridId })) return null;
	return (await ensurePublicCodes(actor.community.id, [building.id])).get(building.id) ?? null;
}
