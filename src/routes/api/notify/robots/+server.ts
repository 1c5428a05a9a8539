import { json } from '@sveltejs/kit';
import { answer } from '$lib/server/refusal';
import { createRobot, manageableRobots, robotManager, robotScopeOptions } from '$lib/server/notify/robots';
import { readJsonBody } from '$lib/server/structure/request-body';
import type { RequestHandler } from './$types';

/** The robots the caller may manage (addresses masked) and the groups it may add one to. */
export const GET: RequestHandler = ({ locals }) =>
	answer(async () => {
		const principal = robotManager(locals.user);
		const [robots, scopes] = await Promise.all([manageableRobots(principal), robotScopeOptions(principal)]);
		return json({ robots, scopes }, { headers: { 'cache-control': 'private, no-store' } });
	});

/** `{ scope, communityId | gridId | orgId, platform, name, webhookUrl, signingSecret? }`. */
export const POST: RequestHandler = ({ locals, request }) =>
	answer(async () => {
		const principal = robotManager(locals.user);
		return json(await createRobot(principal, await readJsonBody(request)), { status: 201 });
	}, request);
