/**
 * What the home page shows per role (built by `src/lib/server/home.ts`): the liaison's
 * micro-grids, the chief's grids, the secretary's community. Named here so components do not
 * import from server code.
 */

/** A person as the home page lists them, with a phone to call. */
export type Contact = { id: string; displayName: string; phone: string; partyMember: boolean };

export type Totals = { buildings: number; households: number };

export type HomeBuilding = {
	id: string;
	label: string;
	gridId: string | null;
	microGridId: string | null;
	compoundId: string | null;
	compoundName: string;
	units: number;
	floors: number;
	roomsPerFloor: number;
	/** The household codes, so the liaison's task figures are the board's (`tallyBuilding`). */
	households: string[];
	householdCount: number;
};

/** One micro-grid of a liaison: its buildings, its grid and that grid's chiefs. */
export type LiaisonView = { id: string; name: string; gridName: string; chiefs: Contact[]; buildings: HomeBuilding[]; totals: Totals };

/** One grid of a chief, micro-grid by micro-grid. */
export type GridView = {
	id: string;
	name: string;
	chiefs: Contact[];
	totals: Totals & { microGrids: number };
	microGrids: { id: string; name: string; liaisons: Contact[]; buildingLabels: string[]; totals: Totals }[];
};

/** The secretary's community: its totals and every grid. */
export type CommunityView = {
	totals: Totals & { grids: number; microGrids: number; chiefs: number; liaisons: number; partyLiaisons: number };
	grids: GridView[];
};
