import { json } from '@sveltejs/kit';
import { answer } from '$lib/server/refusal';
import { deleteMicroGrid, updateMicroGrid } from '$lib/server/structure/micro-grid-service';
import { readJsonBody } from '$lib/server/structure/request-body';
import { editorActor } from '$lib/server/structure/structure-access';
import { microGridPatchSchema, parseBody } from '$lib/server/structure/structure-input';
import type { RequestHandler } from './$types';

export const PATCH: RequestHandler = ({ locals, params, request }) =>
	answer(async () => {
		const actor = await editorActor(locals.user, params.id);
		const input = parseBody(microGridPatchSchema, await readJsonBody(request));
		return json(await updateMicroGrid(actor, params.microGridId, input));
	}, request);

export const DELETE: RequestHandler = ({ locals, params }) =>
	answer(async () => {
		await deleteMicroGrid(await editorActor(locals.user, params.id), params.microGridId);
		return new Response(null, { status: 204 });
	});
