import { json } from '@sveltejs/kit';
import { answer } from '$lib/server/refusal';
import { editRobot, removeRobot, robotManager } from '$lib/server/notify/robots';
import { readJsonBody } from '$lib/server/structure/request-body';
import type { RequestHandler } from './$types';

/** `{ name?, webhookUrl?, signingSecret?, removeSecret? }`: empty address or secret keeps the stored one. */
export const PATCH: RequestHandler = ({ locals, params, request }) =>
	answer(async () => {
		const principal = robotManager(locals.user);
		return json(await editRobot(principal, params.id, await readJsonBody(request)));
	}, request);

export const DELETE: RequestHandler = ({ locals, params }) =>
	answer(async () => {
		await removeRobot(robotManager(locals.user), params.id);
		return new Response(null, { status: 204 });
	});
