import { json } from '@sveltejs/kit';
import { diaryTeamRequest } from '$lib/server/diary/diary-requests';
import { answer } from '$lib/server/refusal';
import type { RequestHandler } from './$types';

/** The liaisons' diaries of a day the caller reviews: `?date=YYYY-MM-DD&community=`. */
export const GET: RequestHandler = ({ locals, url }) =>
	answer(async () => {
		const { reviewer, date, rows } = await diaryTeamRequest(locals.user, url);
		return json({ communityId: reviewer.community.id, date, liaisons: rows }, { headers: { 'cache-control': 'private, no-store' } });
	});
