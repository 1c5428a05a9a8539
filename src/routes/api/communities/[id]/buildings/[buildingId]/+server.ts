import { json } from '@sveltejs/kit';
import { buildingDetail } from '$lib/server/structure/building-detail';
import { deleteBuilding, updateBuilding } from '$lib/server/structure/building-service';
import { answer } from '$lib/server/refusal';
import { readJsonBody } from '$lib/server/structure/request-body';
import { communityActor, editorActor } from '$lib/server/structure/structure-access';
import { buildingPatchSchema, parseBody } from '$lib/server/structure/structure-input';
import type { RequestHandler } from './$types';

/** The building with its household codes, for anyone who may view the community. */
export const GET: RequestHandler = ({ locals, params }) =>
	answer(async () => {
		const detail = await buildingDetail(await communityActor(locals.user, params.id), params.buildingId);
		return json(detail, { headers: { 'cache-control': 'private, no-store' } });
	});

export const PATCH: RequestHandler = ({ locals, params, request }) =>
	answer(async () => {
		const actor = await editorActor(locals.user, params.id);
		const input = parseBody(buildingPatchSchema, await readJsonBody(request));
		return json(await updateBuilding(actor, params.buildingId, input));
	}, request);

export const DELETE: RequestHandler = ({ locals, params }) =>
	answer(async () => {
		await deleteBuilding(await editorActor(locals.user, params.id), params.buildingId);
		return new Response(null, { status: 204 });
	});
