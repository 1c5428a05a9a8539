import { mayWrite } from '../domain/permissions';
import { principalOf, pickCommunity } from './guards';
import { canView, communitiesOfStreet, type CommunityRef } from './community';
import type { SessionUser } from './auth';

/**
 * The community the map and task pages show: where the user works (`?community=` when it
 * holds several), else for the street office one of its communities, read-only. Null for
 * anyone else (a property company): maps and task boards are for community staff.
 */
export async function viewedCommunity(user: SessionUser, url: URL): Promise<CommunityRef | null> {
	const principal = principalOf(user);
	let communityId = pickCommunity(user, url, mayWrite);
	if (!communityId) {
		const streetIds = user.memberships.filter((m) => m.role === 'street' && m.streetId).map((m) => m.streetId!);
		const watched = (await Promise.all(streetIds.map(communitiesOfStreet))).flat();
		const wanted = url.searchParams.get('community');
		communityId = (watched.find((c) => c.id === wanted) ?? watched[0])?.id ?? null;
	}
	return communityId ? await canView(principal, communityId) : null;
}
