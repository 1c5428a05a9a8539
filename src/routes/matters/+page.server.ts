import { requireUser } from '$lib/server/guards';
import { matterCommunityOf } from '$lib/server/matters/matter-community';
import { matterListData } from '$lib/server/matters/matter-pages';
import type { PageServerLoad } from './$types';

/** The matters of the community the user works in (or handles matters of); null when there is none. */
export const load: PageServerLoad = async ({ locals, url, depends }) => {
	depends('app:matters');
	const user = requireUser(locals, url);
	const actor = await matterCommunityOf(user, url);
	return { list: actor ? await matterListData(actor) : null };
};
