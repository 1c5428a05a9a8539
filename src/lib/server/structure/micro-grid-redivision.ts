import { eq, inArray } from 'drizzle-orm';
import * as v from 'valibot';
import { matchMicroGrids } from '../../domain/micro-grid-matching';
import { db, type Tx } from '../db';
import { buildings, microGrids } from '../db/schema';
import { newId } from '../ids';
import { HttpRefusal, refusal } from '../refusal';
import { checkAssignable, dropRolesAt, replaceRoleHolders } from './assignments';
import { gridToRedivide, loadGridLayout, outlinesOf, type GridLayout } from './micro-grid-suggestion';
import { announceStructureChange, requireSomeEdit, type StructureActor } from './structure-access';
import { recordChanges } from './structure-history';
import { said } from './structure-input';

const id = v.pipe(v.string(said('error_id_invalid')), v.minLength(1, said('error_id_invalid')), v.maxLength(64, said('error_id_invalid')));
const maxGroups = 500;
const maxBuildings = 2000;

export const redivisionSchema = v.object({
	groups: v.pipe(
		v.array(
			v.object({
				buildingIds: v.pipe(v.array(id, said('error_redivision_groups')), v.minLength(1, said('error_redivision_empty_group')), v.maxLength(maxBuildings, said('error_redivision_groups'))),
				name: v.optional(v.pipe(v.string(said('error_name_length')), v.trim(), v.minLength(1, said('error_name_length')), v.maxLength(40, said('error_name_length')))),
				liaisonId: v.optional(v.nullable(id))
			}),
			said('error_redivision_groups')
		),
		v.minLength(1, said('error_redivision_groups')),
		v.maxLength(maxGroups, said('error_redivision_groups'))
	)
});
export type Redivision = v.InferOutput<typeof redivisionSchema>;

/** Every building of the grid in exactly one group, and nothing else (400 naming what is wrong). */
function checkPartition(layout: GridLayout, groups: Redivision['groups']): void {
	const label = new Map(layout.buildings.map((b) => [b.id, b.label]));
	const listed = groups.flatMap((g) => g.buildingIds);
	const foreign = [...new Set(listed.filter((bid) => !label.has(bid)))];
	if (foreign.length) throw new HttpRefusal(400, 'error_redivision_foreign', { ids: foreign.slice(0, 10) }, { buildingIds: foreign });
	// A Set, not indexOf: a hand-made body may list thousands of ids.
	const seenOnce = new Set<string>();
	const twice = [...new Set(listed.filter((bid) => seenOnce.has(bid) || !seenOnce.add(bid)))];
	if (twice.length) throw new HttpRefusal(400, 'error_redivision_twice', { names: twice.map((b) => label.get(b)!) }, { buildingIds: twice });
	const seen = new Set(listed);
	const missing = layout.buildings.filter((b) => !seen.has(b.id));
	if (missing.length) throw new HttpRefusal(400, 'error_redivision_missing', { count: missing.length, names: missing.slice(0, 10).map((b) => b.label) }, { buildingIds: missing.map((b) => b.id) });
}

/** Names for the groups: the one asked for, else the continued micro-grid's, else the next free 「网格第N微网格」. */
function namesOf(layout: GridLayout, groups: Redivision['groups'], continued: (string | null)[]): string[] {
	const oldName = new Map(layout.microGrids.map((micro) => [micro.id, micro.name]));
	const names = groups.map((g, i) => g.name ?? (continued[i] ? oldName.get(continued[i]!)! : null));
	const used = new Set(names.filter(Boolean));
	let next = 1;
	return names.map((name) => {
		if (name) return name;
		while (used.has(`${layout.grid.name}第${next}微网格`)) next++;
		const made = `${layout.grid.name}第${next}微网格`;
		used.add(made);
		return made;
	});
}

const snapshot = (layout: GridLayout) =>
	layout.microGrids.map((micro) => ({ id: micro.id, name: micro.name, geometry: micro.geometry, sortOrder: micro.sortOrder, liaisonIds: micro.liaisonIds, buildingIds: micro.buildingIds }));

type Placed = { id: string; name: string; sortOrder: number; geometry: GridLayout['grid']['geometry']; liaisonIds: string[]; buildingIds: string[] };

async function writeGroups(tx: Tx, actor: StructureActor, layout: GridLayout, groups: Redivision['groups']): Promise<Placed[]> {
	const communityId = actor.community.id;
	const actorId = actor.principal.userId;
	const householdsOf = new Map(layout.buildings.map((b) => [b.id, b.households]));
	const continued = matchMicroGrids(layout.microGrids, groups, (bid) => householdsOf.get(bid) ?? 0);
	const names = namesOf(layout, groups, continued);
	const outlines = outlinesOf(layout, groups);
	const oldLiaisons = new Map(layout.microGrids.map((micro) => [micro.id, micro.liaisonIds]));
	const placed: Placed[] = groups.map((g, i) => ({
		id: continued[i] ?? newId(),
		name: names[i],
		sortOrder: i,
		geometry: outlines[i],
		buildingIds: g.buildingIds,
		liaisonIds: g.liaisonId === undefined ? (continued[i] ? oldLiaisons.get(continued[i]!)! : []) : g.liaisonId ? [g.liaisonId] : []
	}));
	for (const micro of placed) {
		const row = { name: micro.name, geometry: micro.geometry, sortOrder: micro.sortOrder };
		if (continued.includes(micro.id)) await tx.update(microGrids).set(row).where(eq(microGrids.id, micro.id));
		else await tx.insert(microGrids).values({ id: micro.id, gridId: layout.grid.id, communityId, ...row });
		await tx.update(buildings).set({ microGridId: micro.id }).where(inArray(buildings.id, micro.buildingIds));
		await replaceRoleHolders(tx, { communityId, actorId, role: 'liaison', placeId: micro.id, userIds: micro.liaisonIds });
	}
	for (const micro of layout.microGrids.filter((m) => !continued.includes(m.id))) {
		await dropRolesAt(tx, communityId, actorId, { microGridId: micro.id });
		await tx.delete(microGrids).where(eq(microGrids.id, micro.id));
	}
	return placed;
}

/**
 * `POST …/micro-grid-suggestion/apply`: the grid's micro-grids replaced by the groups in one
 * transaction with one history entry (kind `grid`, action `redivide`, the micro-grids before and
 * after). A group continues the current micro-grid it shares most households with (its id, name
 * and, unless the body names one, its liaisons); current micro-grids left over are deleted.
 */
export async function applyRedivision(actor: StructureActor, gridId: string, input: Redivision) {
	requireSomeEdit(actor);
	const communityId = actor.community.id;
	const placed = await db().transaction(async (tx) => {
		const layout = await loadGridLayout(tx, await gridToRedivide(tx, actor, gridId));
		if (!layout.buildings.length) throw refusal(400, 'error_redivision_no_buildings');
		checkPartition(layout, input.groups);
		const liaisonIds = [...new Set(input.groups.flatMap((g) => (g.liaisonId ? [g.liaisonId] : [])))];
		await checkAssignable(tx, communityId, liaisonIds, 'liaison');
		const placed = await writeGroups(tx, actor, layout, input.groups);
		await recordChanges(tx, [
			{
				communityId,
				actorId: actor.principal.userId,
				kind: 'grid',
				action: 'redivide',
				targetId: layout.grid.id,
				targetName: layout.grid.name,
				before: { microGrids: snapshot(layout) },
				after: { microGrids: placed }
			}
		]);
		return placed;
	});
	await announceStructureChange(communityId);
	return { microGrids: placed.map(({ id, name, liaisonIds, buildingIds }) => ({ id, name, liaisonIds, buildingIds })) };
}
