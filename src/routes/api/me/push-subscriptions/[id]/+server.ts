import { pushUser, removeDevice } from '$lib/server/notify/push-devices';
import { answer } from '$lib/server/refusal';
import type { RequestHandler } from './$types';

/** Removes one of the user's own devices. */
export const DELETE: RequestHandler = ({ locals, params }) =>
	answer(async () => {
		await removeDevice(pushUser(locals.user), params.id);
		return new Response(null, { status: 204 });
	});
