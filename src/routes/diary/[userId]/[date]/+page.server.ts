import { requireUser } from '$lib/server/guards';
import { diaryPageData } from '$lib/server/diary/diary-pages';
import type { PageServerLoad } from './$types';

/** A liaison's day for its readers (its chief, the secretary, the street office): `?community=` when it serves in several. */
export const load: PageServerLoad = async ({ locals, url, params, depends }) => {
	depends('app:diary');
	const user = requireUser(locals, url);
	return diaryPageData(user, { userId: params.userId, date: params.date, community: url.searchParams.get('community') ?? undefined });
};
