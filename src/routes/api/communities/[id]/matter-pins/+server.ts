import { json } from '@sveltejs/kit';
import { answer } from '$lib/server/refusal';
import { matterActor } from '$lib/server/matters/matter-access';
import { matterPins } from '$lib/server/matters/matter-records';
import type { RequestHandler } from './$types';

/** Map pins: open matters and those finished in the last 30 days that the caller may see. */
export const GET: RequestHandler = ({ locals, params }) =>
	answer(async () => {
		const actor = await matterActor(locals.user, params.id);
		return json({ pins: await matterPins(actor.standing) }, { headers: { 'cache-control': 'private, no-store' } });
	});
