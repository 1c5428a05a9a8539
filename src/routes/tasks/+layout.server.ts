import { principalOf, requireUser } from '$lib/server/guards';
import { taskContext } from '$lib/server/tasks/task-context';
import { viewedCommunity } from '$lib/server/viewed-community';
import type { LayoutServerLoad } from './$types';

/**
 * Every task page works from the live document plus this: the community's people and
 * structure, with the household codes of the viewer's buildings (so door grids open offline).
 * Null for users with no community (a property company).
 */
export const load: LayoutServerLoad = async ({ locals, url, depends }) => {
	depends('app:structure');
	const user = requireUser(locals, url);
	const community = await viewedCommunity(user, url);
	return { context: community ? await taskContext(principalOf(user), community) : null };
};
