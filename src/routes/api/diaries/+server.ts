import { json } from '@sveltejs/kit';
import { diaryDayRequest, queryOf } from '$lib/server/diary/diary-requests';
import { answer } from '$lib/server/refusal';
import type { RequestHandler } from './$types';

/** A liaison's day: `?userId=&date=YYYY-MM-DD&community=`; by default the caller's own diary, today. */
export const GET: RequestHandler = ({ locals, url }) =>
	answer(async () => json(await diaryDayRequest(locals.user, queryOf(url)), { headers: { 'cache-control': 'private, no-store' } }));
