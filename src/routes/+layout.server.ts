import { capabilitiesOf } from '$lib/domain/capabilities';
import { keepsDiaryAnywhere, standingIn } from '$lib/domain/permissions';
import { rolesOf } from '$lib/domain/roles';
import { principalOf } from '$lib/server/guards';
import { matterNav } from '$lib/server/matters/matter-nav';
import { liaisonBuildingIds } from '$lib/server/tasks/liaison-buildings';
import { viewedCommunity } from '$lib/server/viewed-community';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ locals, url, depends }) => {
	// A building moved to another micro-grid changes whose tasks alert whom.
	depends('app:structure');
	// The 事项 badge counts again whenever the community's matters change.
	depends('app:matters');
	const user = locals.user;
	if (!user) return { user: null, live: null, capabilities: null, liaisonBuildingIds: [], matters: null };
	const principal = principalOf(user);
	const userView = {
		id: user.id,
		displayName: user.displayName,
		username: user.username,
		roles: rolesOf(principal),
		/** A liaison somewhere: its diary's outbox stays open on every page (not before a password change). */
		keepsDiary: !user.mustChangePassword && keepsDiaryAnywhere(principal)
	};
	// A one-time password opens nothing but the password change, the live document neither.
	const community = user.mustChangePassword ? null : await viewedCommunity(user, url);
	if (!community) {
		const matters = user.mustChangePassword ? null : await matterNav(user, url, null);
		return { user: userView, live: null, capabilities: null, liaisonBuildingIds: [], matters };
	}
	const standing = standingIn(principal, community);
	const capabilities = capabilitiesOf(standing);
	return {
		user: userView,
		/** The community whose live document the browser keeps: where the user works, or watches (street). */
		live: { communityId: community.id, readOnly: !capabilities.write },
		capabilities,
		liaisonBuildingIds: await liaisonBuildingIds(standing),
		matters: await matterNav(user, url, standing)
	};
};
