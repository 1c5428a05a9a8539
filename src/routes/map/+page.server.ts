import { capabilitiesOf, noCapabilities } from '$lib/domain/capabilities';
import { standingIn } from '$lib/domain/permissions';
import { peopleOf } from '$lib/domain/community-people';
import type { MapPageData } from '$lib/domain/structure-map';
import { loadStructure } from '$lib/server/community';
import { principalOf, requireUser } from '$lib/server/guards';
import { taskContext } from '$lib/server/tasks/task-context';
import { viewedCommunity } from '$lib/server/viewed-community';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, depends }): Promise<MapPageData> => {
	depends('app:structure');
	const user = requireUser(locals, url);
	const community = await viewedCommunity(user, url);
	// For a user with no community to view (a property company): a page that says whose map it is.
	if (!community) {
		const nothing = { community: { id: '', name: '' }, people: [], compounds: [], grids: [], microGrids: [], taskContext: null };
		return { ...nothing, capabilities: noCapabilities(user.id), noMap: true };
	}
	const principal = principalOf(user);
	const structure = await loadStructure(community.id);
	// Task mode (`?task=<id>`) colours buildings by progress: it needs the task pages' context.
	const inTaskMode = !!url.searchParams.get('task');
	return {
		community: { id: community.id, name: community.name },
		people: peopleOf(structure.members),
		compounds: structure.compounds.map(({ id, name }) => ({ id, name })),
		grids: structure.grids.map(({ id, name }) => ({ id, name })),
		microGrids: structure.microGrids.map(({ id, gridId, name }) => ({ id, gridId, name })),
		capabilities: capabilitiesOf(standingIn(principal, community)),
		taskContext: inTaskMode ? await taskContext(principal, community, structure) : null,
		noMap: false
	};
};
