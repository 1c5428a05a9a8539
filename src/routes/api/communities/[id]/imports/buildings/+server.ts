import { json } from '@sveltejs/kit';
import { applyBuildingImport, previewBuildingImport } from '$lib/server/structure/building-import';
import { answer } from '$lib/server/refusal';
import { formText, readUpload, wantsApply } from '$lib/server/structure/request-body';
import { editorActor } from '$lib/server/structure/structure-access';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = ({ locals, params, request }) =>
	answer(async () => {
		const actor = await editorActor(locals.user, params.id);
		const upload = await readUpload(request);
		const options = { microGridId: formText(upload.fields, 'microGridId'), compoundId: formText(upload.fields, 'compoundId') };
		if (!wantsApply(upload.fields)) return json(await previewBuildingImport(actor, upload, options));
		return json(await applyBuildingImport(actor, upload, options), { status: 201 });
	}, request);
