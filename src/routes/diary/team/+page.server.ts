import { requireUser } from '$lib/server/guards';
import { diaryTeamRequest } from '$lib/server/diary/diary-requests';
import { HttpRefusal, refusalPage } from '$lib/server/refusal';
import type { PageServerLoad } from './$types';

/** The liaisons' diaries of a day (`?date=`, today by default) for the chief, the secretary and the street office. */
export const load: PageServerLoad = async ({ locals, url, parent, depends }) => {
	depends('app:diary');
	const user = requireUser(locals, url);
	const { capabilities } = await parent();
	try {
		const { reviewer, date, rows } = await diaryTeamRequest(user, url);
		return { communityId: reviewer.community.id, communityName: reviewer.community.name, date, rows, keepsDiary: !!capabilities?.keepDiary };
	} catch (caught) {
		if (caught instanceof HttpRefusal) refusalPage(caught);
		throw caught;
	}
};
