import { json } from '@sveltejs/kit';
import { requireDiaryUser } from '$lib/server/diary/diary-access';
import { addComment } from '$lib/server/diary/diary-writes';
import { answer } from '$lib/server/refusal';
import { readJsonBody } from '$lib/server/structure/request-body';
import type { RequestHandler } from './$types';

/** A chief's 点评 or the secretary's 抽查 on a liaison's day: `{ userId, date, text, id?, community? }`. */
export const POST: RequestHandler = ({ locals, request }) =>
	answer(async () => {
		const { comment, created } = await addComment(requireDiaryUser(locals.user), await readJsonBody(request));
		return json(comment, { status: created ? 201 : 200 });
	}, request);
