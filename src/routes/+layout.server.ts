import { capabilitiesOf } from '$lib/domain/capabilities';
import { standingIn } from '$lib/domain/permissions';
import { rolesOf } from '$lib/domain/roles';
import { principalOf } from '$lib/server/guards';
import { liaisonBuildingIds } from '$lib/server/tasks/liaison-buildings';
import { viewedCommunity } from '$lib/server/viewed-community';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ locals, url, depends }) => {
	// A building moved to another micro-grid changes whose tasks alert whom.
	depends('app:structure');
	const user = locals.user;
	if (!user) return { user: null, live: null, capabilities: null, liaisonBuildingIds: [] };
	const principal = principalOf(user);
	const userView = { id: user.id, displayName: user.displayName, username: user.username, roles: rolesOf(principal) };
	// A one-time password opens nothing but the password change, the live document neither.
	const community = user.mustChangePassword ? null : await viewedCommunity(user, url);
	if (!community) return { user: userView, live: null, capabilities: null, liaisonBuildingIds: [] };
	const standing = standingIn(principal, community);
	const capabilities = capabilitiesOf(standing);
	return {
		user: userView,
		/** The community whose live document the browser keeps: where the user works, or watches (street). */
		live: { communityId: community.id, readOnly: !capabilities.write },
		capabilities,
		liaisonBuildingIds: await liaisonBuildingIds(standing)
	};
};
