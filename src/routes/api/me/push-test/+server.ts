import { json } from '@sveltejs/kit';
import { pushUser } from '$lib/server/notify/push-devices';
import { sendTestPush } from '$lib/server/notify/push-test';
import { answer } from '$lib/server/refusal';
import { readJsonBody } from '$lib/server/structure/request-body';
import type { RequestHandler } from './$types';

/** `{ id? }`: a test push to the user's devices (or one of them) now → `{ sent, failed }`. */
export const POST: RequestHandler = ({ locals, request, url }) =>
	answer(async () => {
		const user = pushUser(locals.user);
		const origin = process.env.ORIGIN?.trim() || url.origin;
		return json(await sendTestPush(user, await readJsonBody(request), origin));
	}, request);
