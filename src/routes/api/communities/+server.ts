import { json } from '@sveltejs/kit';
import { listCommunitiesFor } from '$lib/server/community';
import { notSignedIn, principalOf } from '$lib/server/guards';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals }) => {
	if (!locals.user) return notSignedIn();
	return json(await listCommunitiesFor(principalOf(locals.user)));
};
