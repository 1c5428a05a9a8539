import { eq } from 'drizzle-orm';
import { db, type Tx } from '../db';
import { buildings, households } from '../db/schema';
import { newId } from '../ids';
import { householdPlan, requireUniqueLabel, writeHouseholds } from './building-households';
import { containmentProblems, requireContained } from './containment-check';
import { refusal } from '../refusal';
import { announceStructureChange, requireEdit, requireSomeEdit, type StructureActor } from './structure-access';
import { recordChanges } from './structure-history';
import { changesNothing, parseGeometry, type BuildingCreate, type BuildingPatch } from './structure-input';
import {
	buildingSnapshot,
	checkCompound,
	householdCount,
	loadBuilding,
	loadMicroGrid,
	referencedMicroGrid,
	type BuildingRow
} from './structure-records';

export type SavedBuilding = { id: string; households: number };

export async function createBuilding(actor: StructureActor, input: BuildingCreate): Promise<SavedBuilding> {
	const communityId = actor.community.id;
	requireSomeEdit(actor);
	const geometry = parseGeometry(input.geometry);
	const plan = householdPlan(input, null)!;
	const id = newId();
	await db().transaction(async (tx) => {
		const micro = await referencedMicroGrid(tx, communityId, input.microGridId);
		requireEdit(actor, micro.gridId);
		await checkCompound(tx, communityId, input.compoundId);
		await requireUniqueLabel(tx, micro, input.label, null);
		requireContained(
			containmentProblems([{ kind: 'building', child: { id: null, name: input.label, geometry }, parentKind: 'microGrid', parent: micro }]),
			input.confirm
		);
		const row = {
			id,
			communityId,
			compoundId: input.compoundId ?? null,
			microGridId: micro.id,
			label: input.label,
			geometry,
			units: plan.units,
			floors: plan.floors,
			roomsPerFloor: plan.roomsPerFloor
		};
		await tx.insert(buildings).values(row);
		await writeHouseholds(tx, id, plan.codes);
		await recordChanges(tx, [
			{ communityId, actorId: actor.principal.userId, kind: 'building', action: 'create', targetId: id, targetName: row.label, before: null, after: buildingSnapshot(row, plan.codes.length) }
		]);
	});
	await announceStructureChange(communityId);
	return { id, households: plan.codes.length };
}

/** The micro-grid a building is in now, checking the actor may edit there (a building without one: secretary only). */
async function currentPlace(actor: StructureActor, tx: Tx, building: BuildingRow) {
	const micro = building.microGridId ? await loadMicroGrid(tx, actor.community.id, building.microGridId) : null;
	requireEdit(actor, micro?.gridId ?? null);
	return micro;
}

export async function updateBuilding(actor: StructureActor, buildingId: string, input: BuildingPatch): Promise<SavedBuilding> {
	const communityId = actor.community.id;
	if (changesNothing(input)) throw refusal(400, 'error_nothing_to_change');
	requireSomeEdit(actor);
	const geometry = input.geometry === undefined ? undefined : parseGeometry(input.geometry);
	const result = await db().transaction(async (tx) => {
		const building = await loadBuilding(tx, communityId, buildingId);
		const current = await currentPlace(actor, tx, building);
		const moved = input.microGridId !== undefined && input.microGridId !== building.microGridId;
		const micro = moved ? await referencedMicroGrid(tx, communityId, input.microGridId!) : current;
		if (moved) requireEdit(actor, micro!.gridId);
		if (input.compoundId !== undefined) await checkCompound(tx, communityId, input.compoundId);
		const plan = householdPlan(input, building);
		const after = {
			...building,
			label: input.label ?? building.label,
			microGridId: micro?.id ?? null,
			compoundId: input.compoundId === undefined ? building.compoundId : input.compoundId,
			geometry: geometry ?? building.geometry,
			...(plan ? { units: plan.units, floors: plan.floors, roomsPerFloor: plan.roomsPerFloor } : {})
		};
		if (micro && (moved || after.label !== building.label)) await requireUniqueLabel(tx, micro, after.label, building.id);
		if (micro && (moved || geometry)) {
			requireContained(
				containmentProblems([{ kind: 'building', child: { id: building.id, name: after.label, geometry: after.geometry }, parentKind: 'microGrid', parent: micro }]),
				input.confirm
			);
		}
		const before = await householdCount(tx, building.id);
		const { label, microGridId, compoundId, units, floors, roomsPerFloor } = after;
		await tx
			.update(buildings)
			.set({ label, microGridId, compoundId, geometry: after.geometry, units, floors, roomsPerFloor })
			.where(eq(buildings.id, building.id));
		if (plan) await writeHouseholds(tx, building.id, plan.codes);
		const total = plan ? plan.codes.length : before;
		await recordChanges(tx, [
			{ communityId, actorId: actor.principal.userId, kind: 'building', action: 'update', targetId: building.id, targetName: after.label, before: buildingSnapshot(building, before), after: buildingSnapshot(after, total) }
		]);
		return { id: building.id, households: total };
	});
	await announceStructureChange(communityId);
	return result;
}

/** A building goes with its households. */
export async function deleteBuilding(actor: StructureActor, buildingId: string): Promise<void> {
	const communityId = actor.community.id;
	await db().transaction(async (tx) => {
		const building = await loadBuilding(tx, communityId, buildingId);
		await currentPlace(actor, tx, building);
		const total = await householdCount(tx, building.id);
		await tx.delete(households).where(eq(households.buildingId, building.id));
		await tx.delete(buildings).where(eq(buildings.id, building.id));
		await recordChanges(tx, [
			{ communityId, actorId: actor.principal.userId, kind: 'building', action: 'delete', targetId: building.id, targetName: building.label, before: buildingSnapshot(building, total), after: null }
		]);
	});
	await announceStructureChange(communityId);
}
