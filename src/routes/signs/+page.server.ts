import { standingIn } from '$lib/domain/permissions';
import { principalOf, requireUser } from '$lib/server/guards';
import { signPrintPage } from '$lib/server/public/sign-print';
import { HttpRefusal, refusal, refusalPage } from '$lib/server/refusal';
import { viewedCommunity } from '$lib/server/viewed-community';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, depends }) => {
	depends('app:structure');
	const user = requireUser(locals, url);
	try {
		const community = await viewedCommunity(user, url);
		if (!community) throw refusal(403, 'error_signs_forbidden');
		return { page: await signPrintPage(standingIn(principalOf(user), community), community, url) };
	} catch (caught) {
		if (caught instanceof HttpRefusal) refusalPage(caught);
		throw caught;
	}
};
