import { json } from '@sveltejs/kit';
import { pushUser } from '$lib/server/notify/push-devices';
import { vapidPublicKey } from '$lib/server/notify/vapid';
import { answer } from '$lib/server/refusal';
import type { RequestHandler } from './$types';

/** The VAPID public key browsers subscribe with. */
export const GET: RequestHandler = ({ locals }) =>
	answer(async () => {
		pushUser(locals.user);
		return json({ publicKey: await vapidPublicKey() });
	});
