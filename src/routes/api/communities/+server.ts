import { json } from '@sveltejs/kit';
import { listCommunitiesFor } from '$lib/server/community';
import { principalOf } from '$lib/server/guards';
import { answer, refusal } from '$lib/server/refusal';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ locals }) =>
	answer(async () => {
		if (!locals.user) throw refusal(401, 'error_not_signed_in');
		return json(await listCommunitiesFor(principalOf(locals.user)));
	});
