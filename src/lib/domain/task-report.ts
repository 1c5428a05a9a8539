/**
 * Task figures as the task API answers them, computed from the projection tables the sync
 * server keeps (`tasks`, `progress_events`, `task_acks`), never from the live document: they
 * stay readable after a task is archived out of it. Times are epoch ms.
 */

import type { ProgressEntry } from './community-doc';
import { tallyBuilding, type Tally } from './progress';

/** A building's figures: its `tallyBuilding`, the same the board and the map show. */
export type BuildingProgress = { buildingId: string } & Tally;

/**
 * The figures of each building of a scope, in scope order, from the projection: `codes` the
 * household codes the server holds (a building's household count is how many it has), `marks`
 * the latest mark of each household (clears left out or kept as non-statuses, both count as none).
 */
export function scopeBuildingProgress(
	scope: readonly string[],
	codes: ReadonlyMap<string, readonly string[]>,
	marks: ReadonlyMap<string, ReadonlyMap<string, ProgressEntry>> | undefined
): BuildingProgress[] {
	return scope.map((buildingId) => {
		const households = codes.get(buildingId) ?? [];
		return { buildingId, ...tallyBuilding({ households, householdCount: households.length }, marks?.get(buildingId) ?? new Map()) };
	});
}

/** An acknowledgement (收到): who, and when. */
export type TaskAck = { userId: string; at: number };

/** `GET /api/tasks/:id`. */
export type TaskDetail = {
	id: string;
	title: string;
	kind: string;
	status: string;
	dueAt: number | null;
	round: number;
	scope: string[];
	/** Oldest first. */
	acks: TaskAck[];
	/** One per building of the scope, in scope order. */
	buildings: BuildingProgress[];
	instructions: string;
	/** The first task of the chain of rounds, null for a first round. */
	roundOf: string | null;
	createdBy: string | null;
	createdAt: number | null;
	/** When the task was closed (kept from its first closing until it is reopened). */
	closedAt: number | null;
	/** Roll-call reminders sent. */
	reminders: number;
};

/** One entry of `GET /api/communities/:id/tasks`. */
export type TaskSummary = {
	id: string;
	title: string;
	kind: string;
	status: string;
	dueAt: number | null;
	round: number;
	roundOf: string | null;
	createdAt: number | null;
	closedAt: number | null;
	/** Buildings in the scope. */
	buildings: number;
	/** Households of those buildings. */
	total: number;
	/** Households with a mark of any status. */
	done: number;
	/** Acknowledgements (收到). */
	acks: number;
};

/** One round of a chain of rounds, in `GET /api/tasks/:id/rounds`. */
export type TaskRound = {
	id: string;
	round: number;
	status: string;
	createdAt: number | null;
	dueAt: number | null;
	closedAt: number | null;
	total: number;
	visited: number;
	absent: number;
	refused: number;
	issue: number;
	done: number;
};
