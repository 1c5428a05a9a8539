import { eq, max } from 'drizzle-orm';
import { mayAssignChiefs, mayCreateGrid } from '../../domain/permissions';
import { db } from '../db';
import { grids } from '../db/schema';
import { newId } from '../ids';
import { removeRobotsOfGrid } from '../notify/robots';
import { dropRolesAt, checkAssignable, replaceRoleHolders } from './assignments';
import { containmentProblems, requireContained } from './containment-check';
import { refusal } from '../refusal';
import { announceStructureChange, requireEdit, requireSomeEdit, type StructureActor } from './structure-access';
import { recordChanges } from './structure-history';
import { changesNothing, parseGeometry, type GridCreate, type GridPatch } from './structure-input';
import { gridSnapshot, loadGrid, microGridCount, microGridsIn, roleHolders } from './structure-records';

type SecretaryOnly = 'error_secretary_only_create_grids' | 'error_secretary_only_assign_chiefs' | 'error_secretary_only_delete_grids';
const onlySecretary = (key: SecretaryOnly) => refusal(403, key);

export async function createGrid(actor: StructureActor, input: GridCreate): Promise<{ id: string }> {
	const communityId = actor.community.id;
	if (!mayCreateGrid(actor.standing)) throw onlySecretary('error_secretary_only_create_grids');
	const geometry = parseGeometry(input.geometry);
	const id = newId();
	await db().transaction(async (tx) => {
		const [{ last }] = await tx.select({ last: max(grids.sortOrder) }).from(grids).where(eq(grids.communityId, communityId));
		const row = { id, communityId, name: input.name, geometry, sortOrder: (last ?? -1) + 1 };
		await tx.insert(grids).values(row);
		let chiefIds: string[] = [];
		if (input.chiefIds?.length) {
			await checkAssignable(tx, communityId, input.chiefIds, 'chief');
			({ after: chiefIds } = await replaceRoleHolders(tx, { communityId, actorId: actor.principal.userId, role: 'chief', placeId: id, userIds: input.chiefIds }));
		}
		await recordChanges(tx, [
			{ communityId, actorId: actor.principal.userId, kind: 'grid', action: 'create', targetId: id, targetName: row.name, before: null, after: gridSnapshot(row, chiefIds) }
		]);
	});
	await announceStructureChange(communityId);
	return { id };
}

export async function updateGrid(actor: StructureActor, gridId: string, input: GridPatch): Promise<{ id: string }> {
	const communityId = actor.community.id;
	if (changesNothing(input)) throw refusal(400, 'error_nothing_to_change');
	if (input.chiefIds !== undefined && !mayAssignChiefs(actor.standing)) throw onlySecretary('error_secretary_only_assign_chiefs');
	requireSomeEdit(actor);
	const geometry = input.geometry === undefined ? undefined : parseGeometry(input.geometry);
	await db().transaction(async (tx) => {
		const grid = await loadGrid(tx, communityId, gridId);
		requireEdit(actor, grid.id);
		if (geometry) {
			const children = await microGridsIn(tx, grid.id);
			const parent = { id: grid.id, name: input.name ?? grid.name, geometry };
			requireContained(
				containmentProblems(children.map((child) => ({ kind: 'microGrid', child, parentKind: 'grid', parent }))),
				input.confirm
			);
		}
		const beforeChiefs = await roleHolders(tx, 'chief', grid.id);
		const after = { ...grid, name: input.name ?? grid.name, geometry: geometry ?? grid.geometry };
		await tx.update(grids).set({ name: after.name, geometry: after.geometry }).where(eq(grids.id, grid.id));
		let afterChiefs = beforeChiefs;
		if (input.chiefIds) {
			await checkAssignable(tx, communityId, input.chiefIds, 'chief');
			({ after: afterChiefs } = await replaceRoleHolders(tx, { communityId, actorId: actor.principal.userId, role: 'chief', placeId: grid.id, userIds: input.chiefIds }));
		}
		await recordChanges(tx, [
			{ communityId, actorId: actor.principal.userId, kind: 'grid', action: 'update', targetId: grid.id, targetName: after.name, before: gridSnapshot(grid, beforeChiefs), after: gridSnapshot(after, afterChiefs) }
		]);
	});
	await announceStructureChange(communityId);
	return { id: gridId };
}

/** Only an empty grid goes; its chiefs lose that role with it. */
export async function deleteGrid(actor: StructureActor, gridId: string): Promise<void> {
	const communityId = actor.community.id;
	await db().transaction(async (tx) => {
		const grid = await loadGrid(tx, communityId, gridId);
		if (!mayCreateGrid(actor.standing)) throw onlySecretary('error_secretary_only_delete_grids');
		const held = await microGridCount(tx, grid.id);
		if (held > 0) {
			throw refusal(400, 'error_grid_not_empty', { name: grid.name, count: held });
		}
		const chiefIds = await dropRolesAt(tx, communityId, actor.principal.userId, { gridId: grid.id });
		await removeRobotsOfGrid(tx, grid.id);
		await tx.delete(grids).where(eq(grids.id, grid.id));
		await recordChanges(tx, [
			{ communityId, actorId: actor.principal.userId, kind: 'grid', action: 'delete', targetId: grid.id, targetName: grid.name, before: gridSnapshot(grid, chiefIds.sort()), after: null }
		]);
	});
	await announceStructureChange(communityId);
}
