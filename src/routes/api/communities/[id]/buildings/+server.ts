import { json } from '@sveltejs/kit';
import { createBuilding } from '$lib/server/structure/building-service';
import { answer } from '$lib/server/refusal';
import { readJsonBody } from '$lib/server/structure/request-body';
import { editorActor } from '$lib/server/structure/structure-access';
import { buildingCreateSchema, parseBody } from '$lib/server/structure/structure-input';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = ({ locals, params, request }) =>
	answer(async () => {
		const actor = await editorActor(locals.user, params.id);
		const input = parseBody(buildingCreateSchema, await readJsonBody(request));
		return json(await createBuilding(actor, input), { status: 201 });
	}, request);
