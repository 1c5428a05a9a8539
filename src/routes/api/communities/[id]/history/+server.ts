import { json } from '@sveltejs/kit';
import { answer } from '$lib/server/refusal';
import { communityActor } from '$lib/server/structure/structure-access';
import { readHistory } from '$lib/server/structure/structure-history';
import { parseHistoryQuery } from '$lib/server/structure/structure-input';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ locals, params, url }) =>
	answer(async () => {
		const actor = await communityActor(locals.user, params.id);
		return json(await readHistory(actor, parseHistoryQuery(url)));
	});
