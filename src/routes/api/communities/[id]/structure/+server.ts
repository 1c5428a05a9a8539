import { json } from '@sveltejs/kit';
import { canView, loadStructure, structureForApi } from '$lib/server/community';
import { principalOf } from '$lib/server/guards';
import { answer, refusal } from '$lib/server/refusal';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ locals, params }) =>
	answer(async () => {
		if (!locals.user) throw refusal(401, 'error_not_signed_in');
		const community = await canView(principalOf(locals.user), params.id);
		if (!community) throw refusal(403, 'error_community_forbidden');
		return json(structureForApi(await loadStructure(community.id)));
	});
