import { standingIn } from '$lib/domain/permissions';
import { principalOf, requireUser } from '$lib/server/guards';
import { dashboardPage } from '$lib/server/oversight/dashboard-page';
import { viewedCommunity } from '$lib/server/viewed-community';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, depends }) => {
	depends('app:structure');
	const user = requireUser(locals, url);
	const community = await viewedCommunity(user, url);
	if (!community) return { page: null };
	const principal = principalOf(user);
	return { page: await dashboardPage(principal, community, standingIn(principal, community), url) };
};
