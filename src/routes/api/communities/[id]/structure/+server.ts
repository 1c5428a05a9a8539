import { json } from '@sveltejs/kit';
import { canView, loadStructure, structureForApi } from '$lib/server/community';
import { forbidden, notSignedIn, principalOf } from '$lib/server/guards';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals, params }) => {
	if (!locals.user) return notSignedIn();
	const community = await canView(principalOf(locals.user), params.id);
	if (!community) return forbidden();
	return json(structureForApi(await loadStructure(community.id)));
};
