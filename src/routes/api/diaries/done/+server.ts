import { json } from '@sveltejs/kit';
import { requireDiaryUser } from '$lib/server/diary/diary-access';
import { markDone } from '$lib/server/diary/diary-writes';
import { answer } from '$lib/server/refusal';
import { readJsonBody } from '$lib/server/structure/request-body';
import type { RequestHandler } from './$types';

/** 完成: marks the caller's day done (`{ date, community? }`); its entries are final from then on. */
export const POST: RequestHandler = ({ locals, request }) =>
	answer(async () => {
		return json(await markDone(requireDiaryUser(locals.user), await readJsonBody(request)));
	}, request);
