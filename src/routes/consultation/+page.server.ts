import { standingIn } from '$lib/domain/permissions';
import { principalOf, requireUser } from '$lib/server/guards';
import { consultationPage } from '$lib/server/matters/consultation-page';
import { requireReviewer } from '$lib/server/matters/consultations';
import { HttpRefusal, refusal, refusalPage } from '$lib/server/refusal';
import { viewedCommunity } from '$lib/server/viewed-community';
import type { PageServerLoad } from './$types';

/** The 会商 page: refetched (`app:matters`) whenever the community's matters change. */
export const load: PageServerLoad = async ({ locals, url, depends }) => {
	depends('app:matters');
	const user = requireUser(locals, url);
	const community = await viewedCommunity(user, url);
	if (!community) refusalPage(refusal(403, 'error_consultation_view_forbidden'));
	const principal = principalOf(user);
	const actor = { principal, community, standing: standingIn(principal, community) };
	try {
		requireReviewer(actor);
	} catch (caught) {
		if (caught instanceof HttpRefusal) refusalPage(caught);
		throw caught;
	}
	return { ...(await consultationPage(actor)), wide: true };
};
