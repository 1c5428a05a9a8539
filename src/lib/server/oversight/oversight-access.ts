import { mayViewOversight, oversightGrids, standingIn, type Standing } from '../../domain/permissions';
import type { SessionUser } from '../auth';
import { getCommunity, type CommunityRef } from '../community';
import { principalOf } from '../guards';
import { refusal } from '../refusal';
import type { CoverageScope } from '../../domain/coverage-places';

/** Who asks for a community's oversight figures, and whose figures they see. */
export type OversightActor = { community: CommunityRef; standing: Standing; scope: CoverageScope };

/**
 * The secretary (the community), a chief (its grids), the street office (read-only, the
 * community). 401 signed out; 403 for anyone else, and for a community that does not exist.
 */
export async function oversightActor(user: SessionUser | null, communityId: string): Promise<OversightActor> {
	if (!user) throw refusal(401, 'error_not_signed_in');
	const community = await getCommunity(communityId);
	const standing = community && standingIn(principalOf(user), community);
	if (!community || !standing || !mayViewOversight(standing)) throw refusal(403, 'error_oversight_forbidden');
	return { community, standing, scope: oversightGrids(standing) };
}
