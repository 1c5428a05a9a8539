import { capabilitiesOf, noCapabilities } from '$lib/domain/capabilities';
import { standingIn } from '$lib/domain/permissions';
import { peopleOf } from '$lib/domain/community-people';
import type { MapPerson } from '$lib/client/map/structure-index';
import { loadStructure } from '$lib/server/community';
import { principalOf, requireUser } from '$lib/server/guards';
import { taskContext } from '$lib/server/tasks/task-context';
import { viewedCommunity } from '$lib/server/viewed-community';
import type { PageServerLoad } from './$types';

/** For a user with no community to view (a property company): a page that says whose map it is. */
const noMap = {
	community: { id: '', name: '' },
	people: [] as MapPerson[],
	compounds: [] as { id: string; name: string }[],
	grids: [] as { id: string; name: string }[],
	microGrids: [] as { id: string; gridId: string; name: string }[],
	taskContext: null
};

export const load: PageServerLoad = async ({ locals, url, depends }) => {
	depends('app:structure');
	const user = requireUser(locals, url);
	const community = await viewedCommunity(user, url);
	// Same shape as a map, so the page and the editing tools need no second type.
	if (!community) return { ...noMap, capabilities: noCapabilities(user.id), noMap: true };
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
