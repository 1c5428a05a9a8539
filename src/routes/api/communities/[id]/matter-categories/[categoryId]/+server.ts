import { json } from '@sveltejs/kit';
import { answer } from '$lib/server/refusal';
import { matterActor } from '$lib/server/matters/matter-access';
import { editCategory, requireEditor } from '$lib/server/matters/matter-category-edits';
import { readJsonBody } from '$lib/server/structure/request-body';
import type { RequestHandler } from './$types';

/** `{ name?, nameEn?, limits?: CategoryLimits | null, retired? }`: the secretary's settings. */
export const PATCH: RequestHandler = ({ locals, params, request }) =>
	answer(async () => {
		const actor = await matterActor(locals.user, params.id);
		requireEditor(actor);
		return json(await editCategory(actor, params.categoryId, await readJsonBody(request)));
	}, request);
