import { mayManagePeople, mayManagePublicSide, standingIn } from '$lib/domain/permissions';
import { principalOf, requireUser } from '$lib/server/guards';
import { listPeople } from '$lib/server/people';
import { communityHotline } from '$lib/server/public/public-admin';
import { printableGrids } from '$lib/server/public/sign-print';
import { loadOrError, peopleCommunity } from '$lib/server/people-actions';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const user = requireUser(locals, url);
	const communityId = peopleCommunity(user, url);
	const principal = principalOf(user);
	const standing = standingIn(principal, communityId);
	const people = await loadOrError(() => listPeople(principal, communityId));
	return {
		communityId,
		canManage: mayManagePeople(standing),
		people,
		// The hotline sits beside the consents it stands in for; only the secretary sets it.
		hotline: mayManagePublicSide(standing) ? await communityHotline(communityId) : null,
		// Whom residents call is printed on each building's 公示牌: the grids this viewer prints.
		signGrids: await printableGrids(standing)
	};
};
