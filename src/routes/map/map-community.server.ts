import { error } from '@sveltejs/kit';
import { canReadStructureHistory } from '$lib/domain/permissions';
import type { SessionUser } from '$lib/server/auth';
import { canView, communitiesOfStreet, type CommunityRef } from '$lib/server/community';
import { pickCommunity, principalOf } from '$lib/server/guards';
import * as m from '$lib/paraglide/messages';

/**
 * The community the map pages show: where the user works (`?community=` when it holds
 * several), else for the street office one of its communities, read-only. Null for anyone
 * else (a property company): the map is for community staff.
 */
export async function mapCommunity(user: SessionUser, url: URL): Promise<CommunityRef | null> {
	const principal = principalOf(user);
	let communityId = pickCommunity(user, url, ['secretary', 'chief', 'liaison']);
	if (!communityId) {
		const streetIds = user.memberships.filter((m) => m.role === 'street' && m.streetId).map((m) => m.streetId!);
		const watched = (await Promise.all(streetIds.map(communitiesOfStreet))).flat();
		const wanted = url.searchParams.get('community');
		communityId = (watched.find((c) => c.id === wanted) ?? watched[0])?.id ?? null;
	}
	return communityId ? await canView(principal, communityId) : null;
}

/** The structure history is the secretary's: anyone else gets a 403 page. */
export async function historyCommunity(user: SessionUser, url: URL): Promise<CommunityRef> {
	const community = await mapCommunity(user, url);
	if (!community || !canReadStructureHistory(principalOf(user), community.id)) error(403, m.map_history_forbidden());
	return community;
}
