import { json } from '@sveltejs/kit';
import { answer } from '$lib/server/refusal';
import { matterActor } from '$lib/server/matters/matter-access';
import { communityCategories } from '$lib/server/matters/matter-categories';
import type { RequestHandler } from './$types';

/** The categories offered when reporting, top ones first with their sub-categories after them. */
export const GET: RequestHandler = ({ locals, params }) =>
	answer(async () => {
		const actor = await matterActor(locals.user, params.id);
		return json(await communityCategories(actor.community.id), { headers: { 'cache-control': 'private, no-store' } });
	});
