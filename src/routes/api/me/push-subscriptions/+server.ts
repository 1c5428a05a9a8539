import { json } from '@sveltejs/kit';
import { pushUser, subscribe, unsubscribe } from '$lib/server/notify/push-devices';
import { answer } from '$lib/server/refusal';
import { readJsonBody } from '$lib/server/structure/request-body';
import type { RequestHandler } from './$types';

/** `{ endpoint, keys: { p256dh, auth }, device? }` → 201 `{ id }`. */
export const POST: RequestHandler = ({ locals, request }) =>
	answer(async () => {
		const user = pushUser(locals.user);
		return json(await subscribe(user, await readJsonBody(request)), { status: 201 });
	}, request);

/** `{ endpoint }`: this browser turns notifications off. */
export const DELETE: RequestHandler = ({ locals, request }) =>
	answer(async () => {
		const user = pushUser(locals.user);
		await unsubscribe(user, await readJsonBody(request));
		return new Response(null, { status: 204 });
	}, request);
