/**
 * What the task pages need about a community besides the live document: its people, grids,
 * micro-grids and buildings, and the household codes of the buildings the viewer works in,
 * so a liaison's door grid opens offline from the page it already has.
 */
import { asc, inArray } from 'drizzle-orm';
import { peopleOf } from '../../domain/community-people';
import type { TaskContext } from '../../domain/task-context';
import { chiefGridIds, isMemberOf, isSecretaryOf, liaisonMicroGridIds } from '../../domain/permissions';
import type { Principal } from '../../domain/roles';
import { loadStructure } from '../community';
import { db } from '../db';
import { households } from '../db/schema';

export async function taskContext(principal: Principal, community: { id: string; name: string }): Promise<TaskContext> {
	const structure = await loadStructure(community.id);
	const secretary = isSecretaryOf(principal, community.id);
	const watchOnly = !isMemberOf(principal, community.id);
	const chiefGrids = chiefGridIds(principal, community.id);
	const liaisonMicros = liaisonMicroGridIds(principal, community.id);
	const works = (building: { gridId: string | null; microGridId: string | null }) =>
		secretary ||
		watchOnly ||
		(!!building.gridId && chiefGrids.includes(building.gridId)) ||
		(!!building.microGridId && liaisonMicros.includes(building.microGridId));
	const withCodes = structure.buildings.filter(works).map((building) => building.id);
	const codes = await householdCodesOf(withCodes);
	const compoundName = new Map(structure.compounds.map((compound) => [compound.id, compound.name]));
	return {
		community: { id: community.id, name: community.name },
		viewer: {
			id: principal.userId,
			secretary,
			chiefGridIds: chiefGrids,
			liaisonMicroGridIds: liaisonMicros,
			canDispatch: secretary || chiefGrids.length > 0,
			watchOnly
		},
		people: peopleOf(structure.members),
		grids: structure.grids,
		microGrids: structure.microGrids,
		buildings: structure.buildings
			.map((building) => ({
				id: building.id,
				label: building.label,
				gridId: building.gridId,
				microGridId: building.microGridId,
				compoundName: building.compoundId ? (compoundName.get(building.compoundId) ?? '') : '',
				households: codes.get(building.id) ?? [],
				householdCount: building.households
			}))
			.sort((a, b) => a.label.localeCompare(b.label, 'zh-CN', { numeric: true }))
	};
}

/** Codes per building, in unit, floor, room order. */
async function householdCodesOf(buildingIds: string[]): Promise<Map<string, string[]>> {
	const byBuilding = new Map<string, string[]>();
	if (buildingIds.length === 0) return byBuilding;
	const rows = await db()
		.select({ buildingId: households.buildingId, code: households.code })
		.from(households)
		.where(inArray(households.buildingId, buildingIds))
		.orderBy(asc(households.buildingId), asc(households.unit), asc(households.floor), asc(households.room));
	for (const { buildingId, code } of rows) {
		const list = byBuilding.get(buildingId);
		if (list) list.push(code);
		else byBuilding.set(buildingId, [code]);
	}
	return byBuilding;
}
