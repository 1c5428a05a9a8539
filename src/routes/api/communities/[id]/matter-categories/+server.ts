import { json } from '@sveltejs/kit';
import { answer } from '$lib/server/refusal';
import { matterActor } from '$lib/server/matters/matter-access';
import { communityCategories } from '$lib/server/matters/matter-categories';
import { createCategory, requireEditor } from '$lib/server/matters/matter-category-edits';
import { readJsonBody } from '$lib/server/structure/request-body';
import type { RequestHandler } from './$types';

/** The categories offered when reporting, top ones first with their sub-categories after them. */
export const GET: RequestHandler = ({ locals, params }) =>
	answer(async () => {
		const actor = await matterActor(locals.user, params.id);
		return json(await communityCategories(actor.community.id), { headers: { 'cache-control': 'private, no-store' } });
	});

/** A new category `{ name, nameEn?, parentId?, limits? }`: 201 with it (the secretary only). */
export const POST: RequestHandler = ({ locals, params, request }) =>
	answer(async () => {
		const actor = await matterActor(locals.user, params.id);
		requireEditor(actor);
		return json(await createCategory(actor, await readJsonBody(request)), { status: 201 });
	}, request);
