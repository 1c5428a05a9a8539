import { canEditStructure, chiefGridIds } from '../../domain/permissions';
import type { Principal } from '../../domain/roles';
import type { SessionUser } from '../auth';
import { canView, type CommunityRef } from '../community';
import { principalOf } from '../guards';
import { structureChanged } from '../live-hub';
import { mayNotEdit, StructureError } from './errors';

/** Who asks, about which community they may see. */
export type StructureActor = { principal: Principal; community: CommunityRef };

/** 401 when signed out, 403 for a community the user may not see (or that does not exist). */
export async function communityActor(user: SessionUser | null, communityId: string): Promise<StructureActor> {
	if (!user) throw new StructureError(401, '未登录或登录已过期，请重新登录。 Not signed in or session expired.');
	const principal = principalOf(user);
	const community = await canView(principal, communityId);
	if (!community) throw new StructureError(403, '没有权限访问此社区。 You may not access this community.');
	return { principal, community };
}

/**
 * A structure write's actor: someone who may edit somewhere in the community (secretary or
 * chief). Checked before the body is read, so a read-only account costs us nothing.
 */
export async function editorActor(user: SessionUser | null, communityId: string): Promise<StructureActor> {
	const actor = await communityActor(user, communityId);
	requireSomeEdit(actor);
	return actor;
}

/** A chief may change things only inside its grids: every grid a change touches must be its own. */
export function requireEdit(actor: StructureActor, ...gridIds: (string | null)[]): void {
	for (const gridId of gridIds.length ? gridIds : [null]) {
		if (!mayEdit(actor, gridId)) throw mayNotEdit();
	}
}

/** May the actor edit at this place (a grid id, or null for "anywhere in the community")? */
export function mayEdit(actor: StructureActor, gridId: string | null): boolean {
	return canEditStructure(actor.principal, { communityId: actor.community.id, gridId });
}

/** Imports need someone who may edit somewhere: the secretary or a chief of the community. */
export function requireSomeEdit(actor: StructureActor): void {
	const grids = [null, ...chiefGridIds(actor.principal, actor.community.id)];
	if (!grids.some((gridId) => mayEdit(actor, gridId))) throw mayNotEdit();
}

/**
 * Tells the sync server's write rules (on every instance) where buildings now are, and every
 * open map of the community to refetch. The change is saved already, so a failure here is
 * logged, not answered: maps catch up on their next load.
 */
export async function announceStructureChange(communityId: string): Promise<void> {
	try {
		await structureChanged(communityId);
	} catch (caught) {
		console.error(`announcing the structure change of community ${communityId} failed`, caught);
	}
}
