import { eq, max } from 'drizzle-orm';
import { db } from '../db';
import { microGrids } from '../db/schema';
import { newId } from '../ids';
import { checkAssignable, dropRolesAt, replaceRoleHolders } from './assignments';
import { containmentProblems, requireContained, type ContainmentPair } from './containment-check';
import { refusal } from '../refusal';
import { announceStructureChange, requireEdit, requireSomeEdit, type StructureActor } from './structure-access';
import { recordChanges } from './structure-history';
import { changesNothing, parseGeometry, type MicroGridCreate, type MicroGridPatch } from './structure-input';
import {
	buildingCount,
	buildingsIn,
	loadGrid,
	loadMicroGrid,
	microGridSnapshot,
	referencedGrid,
	roleHolders
} from './structure-records';

export async function createMicroGrid(actor: StructureActor, input: MicroGridCreate): Promise<{ id: string }> {
	const communityId = actor.community.id;
	const actorId = actor.principal.userId;
	requireSomeEdit(actor);
	const geometry = parseGeometry(input.geometry);
	const id = newId();
	await db().transaction(async (tx) => {
		const grid = await referencedGrid(tx, communityId, input.gridId);
		requireEdit(actor, grid.id);
		requireContained(
			containmentProblems([{ kind: 'microGrid', child: { id: null, name: input.name, geometry }, parentKind: 'grid', parent: grid }]),
			input.confirm
		);
		const [{ last }] = await tx.select({ last: max(microGrids.sortOrder) }).from(microGrids).where(eq(microGrids.gridId, grid.id));
		const row = { id, gridId: grid.id, communityId, name: input.name, geometry, sortOrder: (last ?? -1) + 1 };
		await tx.insert(microGrids).values(row);
		let liaisonIds: string[] = [];
		if (input.liaisonIds?.length) {
			await checkAssignable(tx, communityId, input.liaisonIds, 'liaison');
			({ after: liaisonIds } = await replaceRoleHolders(tx, { communityId, actorId, role: 'liaison', placeId: id, userIds: input.liaisonIds }));
		}
		await recordChanges(tx, [
			{ communityId, actorId, kind: 'microGrid', action: 'create', targetId: id, targetName: row.name, before: null, after: microGridSnapshot(row, liaisonIds) }
		]);
	});
	await announceStructureChange(communityId);
	return { id };
}

export async function updateMicroGrid(actor: StructureActor, microGridId: string, input: MicroGridPatch): Promise<{ id: string }> {
	const communityId = actor.community.id;
	const actorId = actor.principal.userId;
	if (changesNothing(input)) throw refusal(400, 'error_nothing_to_change');
	requireSomeEdit(actor);
	const geometry = input.geometry === undefined ? undefined : parseGeometry(input.geometry);
	await db().transaction(async (tx) => {
		const micro = await loadMicroGrid(tx, communityId, microGridId);
		requireEdit(actor, micro.gridId);
		const moved = input.gridId !== undefined && input.gridId !== micro.gridId;
		const grid = moved ? await referencedGrid(tx, communityId, input.gridId!) : await loadGrid(tx, communityId, micro.gridId);
		// A chief moves a micro-grid only between grids it leads.
		requireEdit(actor, grid.id);
		const after = { ...micro, name: input.name ?? micro.name, gridId: grid.id, geometry: geometry ?? micro.geometry };
		const pairs: ContainmentPair[] = [];
		if (geometry || moved) pairs.push({ kind: 'microGrid', child: after, parentKind: 'grid', parent: grid });
		if (geometry) {
			for (const building of await buildingsIn(tx, [micro.id])) {
				pairs.push({ kind: 'building', child: { id: building.id, name: building.label, geometry: building.geometry }, parentKind: 'microGrid', parent: after });
			}
		}
		requireContained(containmentProblems(pairs), input.confirm);
		const beforeLiaisons = await roleHolders(tx, 'liaison', micro.id);
		await tx.update(microGrids).set({ name: after.name, gridId: after.gridId, geometry: after.geometry }).where(eq(microGrids.id, micro.id));
		let afterLiaisons = beforeLiaisons;
		if (input.liaisonIds) {
			await checkAssignable(tx, communityId, input.liaisonIds, 'liaison');
			({ after: afterLiaisons } = await replaceRoleHolders(tx, { communityId, actorId, role: 'liaison', placeId: micro.id, userIds: input.liaisonIds }));
		}
		await recordChanges(tx, [
			{ communityId, actorId, kind: 'microGrid', action: 'update', targetId: micro.id, targetName: after.name, before: microGridSnapshot(micro, beforeLiaisons), after: microGridSnapshot(after, afterLiaisons) }
		]);
	});
	await announceStructureChange(communityId);
	return { id: microGridId };
}

/** Only an empty micro-grid goes; its liaisons lose that role with it. */
export async function deleteMicroGrid(actor: StructureActor, microGridId: string): Promise<void> {
	const communityId = actor.community.id;
	const actorId = actor.principal.userId;
	await db().transaction(async (tx) => {
		const micro = await loadMicroGrid(tx, communityId, microGridId);
		requireEdit(actor, micro.gridId);
		const held = await buildingCount(tx, micro.id);
		if (held > 0) {
			throw refusal(400, 'error_micro_grid_not_empty', { name: micro.name, count: held });
		}
		const liaisonIds = await dropRolesAt(tx, communityId, actorId, { microGridId: micro.id });
		await tx.delete(microGrids).where(eq(microGrids.id, micro.id));
		await recordChanges(tx, [
			{ communityId, actorId, kind: 'microGrid', action: 'delete', targetId: micro.id, targetName: micro.name, before: microGridSnapshot(micro, liaisonIds.sort()), after: null }
		]);
	});
	await announceStructureChange(communityId);
}
