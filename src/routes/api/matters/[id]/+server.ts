import { json } from '@sveltejs/kit';
import { answer } from '$lib/server/refusal';
import { visibleMatter } from '$lib/server/matters/matter-access';
import { matterView } from '$lib/server/matters/matter-records';
import type { RequestHandler } from './$types';

/** One matter with its timeline and photos; 404 also when the caller may not see it. */
export const GET: RequestHandler = ({ locals, params }) =>
	answer(async () => {
		const { row, actor } = await visibleMatter(locals.user, params.id);
		return json(await matterView(row, actor.standing), { headers: { 'cache-control': 'private, no-store' } });
	});
