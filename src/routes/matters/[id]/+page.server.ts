import { requireUser } from '$lib/server/guards';
import { matterDetailData } from '$lib/server/matters/matter-pages';
import { HttpRefusal, refusalPage } from '$lib/server/refusal';
import type { PageServerLoad } from './$types';

/** The matter, its timeline and the actions the viewer may take now; 404 alike for missing and hidden. */
export const load: PageServerLoad = async ({ locals, url, params, depends }) => {
	depends('app:matters');
	const user = requireUser(locals, url);
	try {
		return { detail: await matterDetailData(user, params.id) };
	} catch (caught) {
		if (caught instanceof HttpRefusal) refusalPage(caught);
		throw caught;
	}
};
