import { and, asc, eq, inArray } from 'drizzle-orm';
import * as v from 'valibot';
import type { Polygonal } from '../../domain/geojson';
import { representativePoint } from '../../domain/geometry';
import { matchLiaisons, type CurrentMicroGrid } from '../../domain/micro-grid-matching';
import { groupOutlines } from '../../domain/micro-grid-outline';
import { maxSuggestionBuildings, suggestGroups, targetBounds } from '../../domain/micro-grid-suggestion';
import { maySuggestMicroGrids } from '../../domain/permissions';
import { db, type Tx } from '../db';
import { householdCounts } from '../community';
import { buildings, memberships, microGrids } from '../db/schema';
import { refusal } from '../refusal';
import type { StructureActor } from './structure-access';
import { said } from './structure-input';
import { loadGrid, type GridRow } from './structure-records';

const targetMessage = said('error_target_range', targetBounds);
const householdTarget = v.pipe(
	v.number(targetMessage),
	v.integer(targetMessage),
	v.minValue(targetBounds.min, targetMessage),
	v.maxValue(targetBounds.max, targetMessage)
);

export const suggestionRequestSchema = v.pipe(
	v.object({ targetMin: householdTarget, targetMax: householdTarget }),
	v.check((t) => t.targetMin <= t.targetMax, said('error_target_order'))
);

export type GridBuilding = { id: string; label: string; compoundId: string | null; microGridId: string; geometry: Polygonal | null; households: number };
export type GridLayout = { grid: GridRow; microGrids: (CurrentMicroGrid & { name: string; geometry: Polygonal | null; sortOrder: number })[]; buildings: GridBuilding[] };

/** The grid (404 when not of this community), after the policy says the actor may redivide it (403). */
export async function gridToRedivide(tx: Tx, actor: StructureActor, gridId: string): Promise<GridRow> {
	const grid = await loadGrid(tx, actor.community.id, gridId);
	if (!maySuggestMicroGrids(actor.standing, grid.id)) throw refusal(403, 'error_structure_forbidden');
	return grid;
}

/** A grid's micro-grids with their liaisons and buildings, and its buildings with household counts, in a stable order. */
export async function loadGridLayout(tx: Tx, grid: GridRow): Promise<GridLayout> {
	const micros = await tx.select().from(microGrids).where(eq(microGrids.gridId, grid.id)).orderBy(asc(microGrids.sortOrder), asc(microGrids.id));
	const microIds = micros.map((micro) => micro.id);
	if (!microIds.length) return { grid, microGrids: [], buildings: [] };
	// One after the other: a transaction is one connection.
	const buildingRows = await tx
		.select({ id: buildings.id, label: buildings.label, compoundId: buildings.compoundId, microGridId: buildings.microGridId, geometry: buildings.geometry })
		.from(buildings)
		.where(inArray(buildings.microGridId, microIds))
		.orderBy(asc(buildings.id));
	const counts = await householdCounts(grid.communityId, buildingRows.map((b) => b.id), tx);
	const liaisonRows = await tx
		.select({ userId: memberships.userId, microGridId: memberships.microGridId })
		.from(memberships)
		.where(and(eq(memberships.role, 'liaison'), inArray(memberships.microGridId, microIds)))
		.orderBy(asc(memberships.userId));
	const gridBuildings = buildingRows.map((b) => ({ ...b, microGridId: b.microGridId!, households: counts.get(b.id) ?? 0 }));
	return {
		grid,
		buildings: gridBuildings,
		microGrids: micros.map((micro) => ({
			id: micro.id,
			name: micro.name,
			geometry: micro.geometry,
			sortOrder: micro.sortOrder,
			liaisonIds: [...new Set(liaisonRows.filter((r) => r.microGridId === micro.id).map((r) => r.userId))],
			buildingIds: gridBuildings.filter((b) => b.microGridId === micro.id).map((b) => b.id)
		}))
	};
}

/** Each group's outline, from its buildings' footprints (buildings without one are left out of it). */
export function outlinesOf(layout: GridLayout, groups: { buildingIds: string[] }[]): (Polygonal | null)[] {
	const footprint = new Map(layout.buildings.map((b) => [b.id, b.geometry]));
	return groupOutlines(
		groups.map((g) => g.buildingIds.map((id) => footprint.get(id)).filter((f): f is Polygonal => !!f)),
		layout.grid.geometry
	);
}

export type SuggestionGroup = { buildingIds: string[]; households: number; oversize: boolean; geometry: Polygonal | null; liaisonId?: string };

/** `POST …/grids/:gridId/micro-grid-suggestion`: a proposal; nothing is saved. */
export async function suggestMicroGrids(actor: StructureActor, gridId: string, input: v.InferOutput<typeof suggestionRequestSchema>) {
	const layout = await db().transaction(async (tx) => loadGridLayout(tx, await gridToRedivide(tx, actor, gridId)));
	if (layout.buildings.length > maxSuggestionBuildings) throw refusal(400, 'error_suggestion_too_many_buildings', { max: maxSuggestionBuildings });
	const householdsOf = new Map(layout.buildings.map((b) => [b.id, b.households]));
	const groups = suggestGroups(
		layout.buildings
			.filter((b) => b.geometry)
			.map((b) => ({ id: b.id, households: b.households, compoundId: b.compoundId, point: representativePoint(b.geometry!) })),
		{ min: input.targetMin, max: input.targetMax }
	);
	// Buildings drawn without a footprint cannot be placed on the map: each is a group of its own.
	for (const b of layout.buildings.filter((b) => !b.geometry)) groups.push({ buildingIds: [b.id], households: b.households, oversize: b.households > input.targetMax });
	const outlines = outlinesOf(layout, groups);
	const liaisons = matchLiaisons(layout.microGrids, groups, (id) => householdsOf.get(id) ?? 0);
	const answer: SuggestionGroup[] = groups.map((g, i) => ({ ...g, geometry: outlines[i], ...(liaisons[i] ? { liaisonId: liaisons[i] } : {}) }));
	return { groups: answer };
}
