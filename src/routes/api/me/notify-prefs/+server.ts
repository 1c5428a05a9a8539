import { json } from '@sveltejs/kit';
import { pushUser, saveQuietHours } from '$lib/server/notify/push-devices';
import { quietHoursOf } from '$lib/server/notify/push-settings';
import { answer } from '$lib/server/refusal';
import { readJsonBody } from '$lib/server/structure/request-body';
import type { RequestHandler } from './$types';

/** `{ quietEnabled, quietStart, quietEnd }` (minutes after midnight, Beijing time) → 200 with the saved hours. */
export const PUT: RequestHandler = ({ locals, request }) =>
	answer(async () => {
		const user = pushUser(locals.user);
		await saveQuietHours(user, await readJsonBody(request));
		return json({ quiet: await quietHoursOf(user.id) });
	}, request);
