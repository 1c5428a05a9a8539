import { mayEditCategories, standingIn } from '$lib/domain/permissions';
import { principalOf, requireUser } from '$lib/server/guards';
import { categoriesForEditing } from '$lib/server/matters/matter-category-edits';
import { refusal, refusalPage } from '$lib/server/refusal';
import { viewedCommunity } from '$lib/server/viewed-community';
import type { PageServerLoad } from './$types';

/** The secretary's category settings: names, sub-categories, time limits, retired ones. */
export const load: PageServerLoad = async ({ locals, url, depends }) => {
	depends('app:categories');
	const user = requireUser(locals, url);
	const community = await viewedCommunity(user, url);
	if (!community || !mayEditCategories(standingIn(principalOf(user), community))) refusalPage(refusal(403, 'error_category_forbidden'));
	return { community: { id: community.id, name: community.name }, categories: await categoriesForEditing(community.id) };
};
