import { json } from '@sveltejs/kit';
import { answer } from '$lib/server/refusal';
import { suggestionRequestSchema, suggestMicroGrids } from '$lib/server/structure/micro-grid-suggestion';
import { readJsonBody } from '$lib/server/structure/request-body';
import { editorActor } from '$lib/server/structure/structure-access';
import { parseBody } from '$lib/server/structure/structure-input';
import type { RequestHandler } from './$types';

/** A proposal of balanced micro-grids for the grid; nothing is saved. */
export const POST: RequestHandler = ({ locals, params, request }) =>
	answer(async () => {
		const actor = await editorActor(locals.user, params.id);
		const input = parseBody(suggestionRequestSchema, await readJsonBody(request));
		return json(await suggestMicroGrids(actor, params.gridId, input));
	}, request);
