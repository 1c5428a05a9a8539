import { json } from '@sveltejs/kit';
import { answer } from '$lib/server/refusal';
import { deleteGrid, updateGrid } from '$lib/server/structure/grid-service';
import { readJsonBody } from '$lib/server/structure/request-body';
import { editorActor } from '$lib/server/structure/structure-access';
import { gridPatchSchema, parseBody } from '$lib/server/structure/structure-input';
import type { RequestHandler } from './$types';

export const PATCH: RequestHandler = ({ locals, params, request }) =>
	answer(async () => {
		const actor = await editorActor(locals.user, params.id);
		const input = parseBody(gridPatchSchema, await readJsonBody(request));
		return json(await updateGrid(actor, params.gridId, input));
	}, request);

export const DELETE: RequestHandler = ({ locals, params }) =>
	answer(async () => {
		await deleteGrid(await editorActor(locals.user, params.id), params.gridId);
		return new Response(null, { status: 204 });
	});
