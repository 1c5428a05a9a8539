import { json } from '@sveltejs/kit';
import { diaryMonthRequest } from '$lib/server/diary/diary-requests';
import { answer } from '$lib/server/refusal';
import type { RequestHandler } from './$types';

/** Every day of a month of a diary with its figures and marks: `?userId=&month=YYYY-MM&community=`. */
export const GET: RequestHandler = ({ locals, url }) =>
	answer(async () => json({ days: await diaryMonthRequest(locals.user, url) }, { headers: { 'cache-control': 'private, no-store' } }));
