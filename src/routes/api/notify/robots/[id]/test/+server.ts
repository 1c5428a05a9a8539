import { json } from '@sveltejs/kit';
import { answer } from '$lib/server/refusal';
import { robotManager } from '$lib/server/notify/robots';
import { testRobot } from '$lib/server/notify/robot-test';
import type { RequestHandler } from './$types';

/** Sends the test message now and answers `{ ok: true }` or `{ ok: false, error }` with the platform's words. */
export const POST: RequestHandler = ({ locals, params, url }) =>
	answer(async () => json(await testRobot(robotManager(locals.user), params.id, url.origin)));
