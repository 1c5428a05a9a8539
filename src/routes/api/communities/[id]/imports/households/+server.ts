import { json } from '@sveltejs/kit';
import { answer } from '$lib/server/refusal';
import { applyHouseholdImport, previewHouseholdImport } from '$lib/server/structure/household-import';
import { readUpload, wantsApply } from '$lib/server/structure/request-body';
import { editorActor } from '$lib/server/structure/structure-access';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = ({ locals, params, request }) =>
	answer(async () => {
		const actor = await editorActor(locals.user, params.id);
		const upload = await readUpload(request);
		if (!wantsApply(upload.fields)) return json(await previewHouseholdImport(actor, upload));
		return json(await applyHouseholdImport(actor, upload));
	}, request);
