import { and, desc, eq, sql } from 'drizzle-orm';
import { mayReadStructureHistory } from '../../domain/permissions';
import { db, type Tx } from '../db';
import { structureChanges, users, type StructureAction, type StructureKind } from '../db/schema';
import { newId } from '../ids';
import { refusal } from '../refusal';
import type { StructureActor } from './structure-access';

export type StructureChange = {
	communityId: string;
	actorId: string;
	kind: StructureKind;
	action: StructureAction;
	targetId: string | null;
	targetName: string;
	before: Record<string, unknown> | null;
	after: Record<string, unknown> | null;
};

/** Written in the same transaction as the change it describes. */
export async function recordChanges(tx: Tx, changes: StructureChange[]): Promise<void> {
	// Geometry makes rows big; a few hundred per statement keeps each one reasonable.
	for (let i = 0; i < changes.length; i += 500) {
		await tx.insert(structureChanges).values(changes.slice(i, i + 500).map((change) => ({ id: newId(), ...change })));
	}
}

export type HistoryPage = { limit: number; before: string | null };

/**
 * The latest changes first. `before` is the id of the last change already shown: changes
 * written in one transaction share their time, so the id breaks the tie.
 */
export async function listChanges(tx: Tx, communityId: string, page: HistoryPage) {
	// Compared in SQL: the stored times have microseconds, a JS Date only milliseconds.
	const older = page.before
		? sql`(${structureChanges.at}, ${structureChanges.id}) < (select c.at, c.id from structure_changes c where c.id = ${page.before})`
		: undefined;
	return tx
		.select({
			id: structureChanges.id,
			at: structureChanges.at,
			actorId: structureChanges.actorId,
			actorName: users.displayName,
			kind: structureChanges.kind,
			action: structureChanges.action,
			targetId: structureChanges.targetId,
			targetName: structureChanges.targetName,
			before: structureChanges.before,
			after: structureChanges.after
		})
		.from(structureChanges)
		.leftJoin(users, eq(users.id, structureChanges.actorId))
		.where(and(eq(structureChanges.communityId, communityId), older))
		.orderBy(desc(structureChanges.at), desc(structureChanges.id))
		.limit(page.limit);
}

/** The history endpoint: the secretary's, newest first. */
export async function readHistory(actor: StructureActor, page: HistoryPage) {
	if (!mayReadStructureHistory(actor.standing)) {
		throw refusal(403, 'error_secretary_only_history');
	}
	const rows = await listChanges(db(), actor.community.id, page);
	return {
		changes: rows.map((row) => ({ ...row, at: row.at.toISOString(), actorName: row.actorName ?? '' }))
	};
}
