import { json } from '@sveltejs/kit';
import { answer } from '$lib/server/refusal';
import { createMicroGrid } from '$lib/server/structure/micro-grid-service';
import { readJsonBody } from '$lib/server/structure/request-body';
import { editorActor } from '$lib/server/structure/structure-access';
import { microGridCreateSchema, parseBody } from '$lib/server/structure/structure-input';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = ({ locals, params, request }) =>
	answer(async () => {
		const actor = await editorActor(locals.user, params.id);
		const input = parseBody(microGridCreateSchema, await readJsonBody(request));
		return json(await createMicroGrid(actor, input), { status: 201 });
	}, request);
