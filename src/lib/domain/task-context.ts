/** What the task pages get from the server besides the live document (see `src/lib/server/tasks/task-context.ts`). */
import type { Capabilities } from './capabilities';
import type { CommunityPerson } from './community-people';
import type { PlaceOf } from './permissions';

export type TaskBuilding = {
	id: string;
	label: string;
	gridId: string | null;
	microGridId: string | null;
	compoundName: string;
	/** Household codes in door order; empty for a building whose list was never entered. */
	households: string[];
	/** How many households the building has. */
	householdCount: number;
};

export type TaskContext = {
	community: { id: string; name: string };
	/** What the viewer may do here; ask the policy with `capabilities.standing` about a task's scope. */
	capabilities: Capabilities;
	people: CommunityPerson[];
	grids: { id: string; name: string; chiefIds: string[] }[];
	microGrids: { id: string; gridId: string; name: string; liaisonIds: string[] }[];
	buildings: TaskBuilding[];
};

/** Where each building of the context sits, for the policy's questions about a scope. */
export function placesOf(context: Pick<TaskContext, 'buildings'>): PlaceOf {
	const byId = new Map(context.buildings.map((building) => [building.id, building]));
	return (buildingId) => byId.get(buildingId);
}
