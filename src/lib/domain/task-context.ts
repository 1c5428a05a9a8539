/** What the task pages get from the server besides the live document (see `src/lib/server/tasks/task-context.ts`). */
import type { CommunityPerson } from './community-people';

export type TaskBuilding = {
	id: string;
	label: string;
	gridId: string | null;
	microGridId: string | null;
	compoundName: string;
	/** Household codes in door order; empty for buildings outside the viewer's work. */
	households: string[];
	/** How many households the building has, also when `households` is not sent. */
	householdCount: number;
};

export type TaskViewer = {
	id: string;
	secretary: boolean;
	chiefGridIds: string[];
	liaisonMicroGridIds: string[];
	/** Secretary or chief of some grid: may create tasks. */
	canDispatch: boolean;
	/** The street office: reads, never writes. */
	watchOnly: boolean;
};

export type TaskContext = {
	community: { id: string; name: string };
	viewer: TaskViewer;
	people: CommunityPerson[];
	grids: { id: string; name: string; chiefIds: string[] }[];
	microGrids: { id: string; gridId: string; name: string; liaisonIds: string[] }[];
	buildings: TaskBuilding[];
};
