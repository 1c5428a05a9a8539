import { json } from '@sveltejs/kit';
import { answer } from '$lib/server/refusal';
import { createGrid } from '$lib/server/structure/grid-service';
import { readJsonBody } from '$lib/server/structure/request-body';
import { editorActor } from '$lib/server/structure/structure-access';
import { gridCreateSchema, parseBody } from '$lib/server/structure/structure-input';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = ({ locals, params, request }) =>
	answer(async () => {
		const actor = await editorActor(locals.user, params.id);
		const input = parseBody(gridCreateSchema, await readJsonBody(request));
		return json(await createGrid(actor, input), { status: 201 });
	}, request);
