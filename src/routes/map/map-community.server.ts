import { error } from '@sveltejs/kit';
import { mayReadStructureHistory, standingIn } from '$lib/domain/permissions';
import type { SessionUser } from '$lib/server/auth';
import type { CommunityRef } from '$lib/server/community';
import { principalOf } from '$lib/server/guards';
import { viewedCommunity } from '$lib/server/viewed-community';
import * as m from '$lib/paraglide/messages';

/** The structure history is the secretary's: anyone else gets a 403 page. */
export async function historyCommunity(user: SessionUser, url: URL): Promise<CommunityRef> {
	const community = await viewedCommunity(user, url);
	if (!community || !mayReadStructureHistory(standingIn(principalOf(user), community))) error(403, m.map_history_forbidden());
	return community;
}
