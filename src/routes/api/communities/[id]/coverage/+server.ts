import { json } from '@sveltejs/kit';
import { communityCoverage } from '$lib/server/oversight/community-coverage';
import { oversightActor } from '$lib/server/oversight/oversight-access';
import { periodFromQuery } from '$lib/server/oversight/period-input';
import { answer } from '$lib/server/refusal';
import type { RequestHandler } from './$types';

/** Coverage per building, grid and liaison for `?from=&to=` (default: the last 7 days); a chief gets its grids. */
export const GET: RequestHandler = ({ locals, params, url }) =>
	answer(async () => {
		const actor = await oversightActor(locals.user, params.id);
		const period = periodFromQuery(url);
		return json({ ...period, ...(await communityCoverage(actor.community.id, period, actor.scope)) }, { headers: { 'cache-control': 'private, no-store' } });
	});
