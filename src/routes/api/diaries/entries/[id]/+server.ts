import { json } from '@sveltejs/kit';
import { requireDiaryUser } from '$lib/server/diary/diary-access';
import { changeEntry, deleteEntry } from '$lib/server/diary/diary-writes';
import { answer } from '$lib/server/refusal';
import { readJsonBody } from '$lib/server/structure/request-body';
import type { RequestHandler } from './$types';

/** Changes the caller's own entry while its day is not done: `{ problem?, action?, result?, matterId? }`. */
export const PATCH: RequestHandler = ({ locals, params, request }) =>
	answer(async () => {
		return json(await changeEntry(requireDiaryUser(locals.user), params.id, await readJsonBody(request)));
	}, request);

/** Deletes the caller's own entry while its day is not done. */
export const DELETE: RequestHandler = ({ locals, params }) =>
	answer(async () => {
		await deleteEntry(requireDiaryUser(locals.user), params.id);
		return new Response(null, { status: 204 });
	});
