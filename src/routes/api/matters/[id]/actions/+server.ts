import { json } from '@sveltejs/kit';
import { answer } from '$lib/server/refusal';
import { visibleMatter } from '$lib/server/matters/matter-access';
import { actOnMatter } from '$lib/server/matters/matter-actions';
import { readJsonBody } from '$lib/server/structure/request-body';
import type { RequestHandler } from './$types';

/** `{ action, … }`: 200 with the matter, 403 for a role that may not, 409 with the current status. */
export const POST: RequestHandler = ({ locals, params, request }) =>
	answer(async () => {
		const target = await visibleMatter(locals.user, params.id);
		return json(await actOnMatter(target, await readJsonBody(request)));
	});
