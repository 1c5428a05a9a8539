import { mayManagePeople, standingIn } from '$lib/domain/permissions';
import { principalOf, requireUser } from '$lib/server/guards';
import { listPeople } from '$lib/server/people';
import { loadOrError, peopleCommunity } from '$lib/server/people-actions';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const user = requireUser(locals, url);
	const communityId = peopleCommunity(user, url);
	const principal = principalOf(user);
	return {
		communityId,
		canManage: mayManagePeople(standingIn(principal, communityId)),
		people: await loadOrError(() => listPeople(principal, communityId))
	};
};
