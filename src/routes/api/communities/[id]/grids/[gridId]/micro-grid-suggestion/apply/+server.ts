import { json } from '@sveltejs/kit';
import { answer } from '$lib/server/refusal';
import { applyRedivision, redivisionSchema } from '$lib/server/structure/micro-grid-redivision';
import { readJsonBody } from '$lib/server/structure/request-body';
import { editorActor } from '$lib/server/structure/structure-access';
import { parseBody } from '$lib/server/structure/structure-input';
import type { RequestHandler } from './$types';

/** Replaces the grid's micro-grids by the groups sent, in one transaction and one history entry. */
export const POST: RequestHandler = ({ locals, params, request }) =>
	answer(async () => {
		const actor = await editorActor(locals.user, params.id);
		const input = parseBody(redivisionSchema, await readJsonBody(request));
		return json(await applyRedivision(actor, params.gridId, input));
	}, request);
