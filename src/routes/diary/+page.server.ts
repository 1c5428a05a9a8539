import { redirect } from '@sveltejs/kit';
import { requireUser } from '$lib/server/guards';
import { diaryPageData } from '$lib/server/diary/diary-pages';
import { queryOf } from '$lib/server/diary/diary-requests';
import type { PageServerLoad } from './$types';

/**
 * The liaison's own diary: `?date=` (today by default). Someone who keeps none but reads
 * liaisons' diaries (a chief, the secretary, the street office) is sent to their list.
 */
export const load: PageServerLoad = async ({ locals, url, parent, depends }) => {
	depends('app:diary');
	const user = requireUser(locals, url);
	const { capabilities } = await parent();
	if (!capabilities?.keepDiary && capabilities?.reviewDiaries) redirect(307, `/diary/team${url.search}`);
	return diaryPageData(user, queryOf(url));
};
