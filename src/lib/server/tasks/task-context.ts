/**
 * What the task pages need about a community besides the live document: its people, grids,
 * micro-grids and buildings with their household codes, so a liaison's door grid opens offline
 * from the page it already has and every screen tallies a building as the task API does.
 */
import { peopleOf } from '../../domain/community-people';
import type { TaskContext } from '../../domain/task-context';
import { capabilitiesOf } from '../../domain/capabilities';
import { standingIn, type CommunityRef } from '../../domain/permissions';
import type { Principal } from '../../domain/roles';
import { householdCodesByBuilding, loadStructure, type CommunityStructure } from '../community';

/** `structure`: the community's, when the caller has loaded it already. */
export async function taskContext(
	principal: Principal,
	community: CommunityRef & { name: string },
	structure?: CommunityStructure
): Promise<TaskContext> {
	structure ??= await loadStructure(community.id);
	const standing = standingIn(principal, community);
	// Every building's codes, not only the viewer's own: with them every screen tallies a building
	// exactly as the task API does (marks on codes a building does not have count nowhere).
	// A community's codes are a few kilobytes gzipped.
	const codes = await householdCodesByBuilding(structure.buildings.map((building) => building.id));
	const compoundName = new Map(structure.compounds.map((compound) => [compound.id, compound.name]));
	return {
		community: { id: community.id, name: community.name },
		capabilities: capabilitiesOf(standing),
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
