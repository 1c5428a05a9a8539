import { mayEditStructure, mayViewCommunity, standingIn, type Standing } from '../../domain/permissions';
import type { Principal } from '../../domain/roles';
import type { SessionUser } from '../auth';
import { getCommunity, type CommunityRef } from '../community';
import { principalOf } from '../guards';
import { structureChanged } from '../live-hub';
import { refusal } from '../refusal';

/** Who asks, about which community they may see, and their standing in it. */
export type StructureActor = { principal: Principal; community: CommunityRef; standing: Standing };

/** 401 when signed out, 403 for a community the user may not see (or that does not exist). */
export async function communityActor(user: SessionUser | null, communityId: string): Promise<StructureActor> {
	if (!user) throw refusal(401, 'error_not_signed_in');
	const principal = principalOf(user);
	const community = await getCommunity(communityId);
	const standing = community && standingIn(principal, community);
	if (!community || !standing || !mayViewCommunity(standing)) throw refusal(403, 'error_community_forbidden');
	return { principal, community, standing };
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
		if (!mayEdit(actor, gridId)) throw refusal(403, 'error_structure_forbidden');
	}
}

/** May the actor edit at this place (a grid id, or null for "anywhere in the community")? */
export function mayEdit(actor: StructureActor, gridId: string | null): boolean {
	return mayEditStructure(actor.standing, { gridId });
}

/** Imports need someone who may edit somewhere: the secretary or a chief of the community. */
export function requireSomeEdit(actor: StructureActor): void {
	if (!mayEditStructure(actor.standing)) throw refusal(403, 'error_structure_forbidden');
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
