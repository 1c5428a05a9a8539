import { json } from '@sveltejs/kit';
import { createEntry } from '$lib/server/diary/diary-writes';
import { requireDiaryUser } from '$lib/server/diary/diary-access';
import { answer } from '$lib/server/refusal';
import { readJsonBody } from '$lib/server/structure/request-body';
import type { RequestHandler } from './$types';

/** A new entry in the caller's diary: 201, or 200 with the same entry when its `id` comes again. */
export const POST: RequestHandler = ({ locals, request }) =>
	answer(async () => {
		const { entry, created } = await createEntry(requireDiaryUser(locals.user), await readJsonBody(request));
		return json(entry, { status: created ? 201 : 200 });
	}, request);
