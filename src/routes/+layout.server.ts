import { rolesOf } from '$lib/domain/roles';
import type { SessionUser } from '$lib/server/auth';
import { communitiesOfStreet } from '$lib/server/community';
import { pickCommunity, principalOf } from '$lib/server/guards';
import { liaisonBuildingIds } from '$lib/server/tasks/liaison-buildings';
import type { LayoutServerLoad } from './$types';

/** The community whose live document the browser keeps: where the user works, or watches (street). */
type LiveTarget = { communityId: string; readOnly: boolean };

async function liveTargetOf(user: SessionUser, url: URL): Promise<LiveTarget | null> {
	const worked = pickCommunity(user, url, ['secretary', 'chief', 'liaison']);
	if (worked) return { communityId: worked, readOnly: false };
	const streetId = user.memberships.find((m) => m.role === 'street' && m.streetId)?.streetId;
	if (!streetId) return null;
	const watched = await communitiesOfStreet(streetId);
	const wanted = url.searchParams.get('community');
	const community = watched.find((c) => c.id === wanted) ?? watched[0];
	return community ? { communityId: community.id, readOnly: true } : null;
}

export const load: LayoutServerLoad = async ({ locals, url, depends }) => {
	// A building moved to another micro-grid changes whose tasks alert whom.
	depends('app:structure');
	const user = locals.user;
	if (!user) return { user: null, live: null, liaisonBuildingIds: [] };
	const principal = principalOf(user);
	const roles = rolesOf(principal);
	// A one-time password opens nothing but the password change, the live document neither.
	const live = user.mustChangePassword ? null : await liveTargetOf(user, url);
	return {
		user: { id: user.id, displayName: user.displayName, username: user.username, roles },
		canSeePeople: roles.includes('secretary') || roles.includes('chief'),
		live,
		liaisonBuildingIds: live && !live.readOnly ? await liaisonBuildingIds(principal, live.communityId) : []
	};
};
