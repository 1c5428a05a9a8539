/** Task figures as `GET /api/tasks/:id` answers them, computed from the projection tables. */

export type BuildingProgress = {
	buildingId: string;
	total: number;
	visited: number;
	absent: number;
	refused: number;
	issue: number;
	lastAt: number | null;
};

/**
 * Acks (收到) are not in the projection yet (`projectWrites` writes task fields, scope and
 * progress only), so they are left out here rather than read from Yjs or reported as none.
 */
export type TaskDetail = {
	id: string;
	title: string;
	kind: string;
	status: string;
	dueAt: number | null;
	round: number;
	scope: string[];
	buildings: BuildingProgress[];
};
