import { mayManageSomeRobot } from '$lib/domain/permissions';
import { principalOf, requireUser } from '$lib/server/guards';
import { pushSettingsOf } from '$lib/server/notify/push-settings';
import { manageableRobots, robotScopeOptions } from '$lib/server/notify/robots';
import type { PageServerLoad } from './$types';

/** Phone notifications for everyone; the group robots for those who may manage one (masked, never the secret). */
export const load: PageServerLoad = async ({ locals, url, depends }) => {
	depends('app:robots');
	const user = requireUser(locals, url);
	const principal = principalOf(user);
	const push = await pushSettingsOf(user.id);
	if (!mayManageSomeRobot(principal)) return { push, robots: null };
	const [list, scopes] = await Promise.all([manageableRobots(principal), robotScopeOptions(principal)]);
	// Without ORIGIN, links in group messages name the address this request came to, which a phone may not reach.
	const localOrigin = process.env.ORIGIN?.trim() ? null : url.origin;
	return { push, robots: { list, scopes, localOrigin } };
};
