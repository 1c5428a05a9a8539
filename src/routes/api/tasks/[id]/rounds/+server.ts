import { json } from '@sveltejs/kit';
import { forbidden, jsonError, notSignedIn, principalOf } from '$lib/server/guards';
import { taskRounds } from '$lib/server/tasks/task-reports';
import type { RequestHandler } from './$types';

/** Every round of the task's chain with its coverage, for anyone who may view the task's community. */
export const GET: RequestHandler = async ({ locals, params }) => {
	if (!locals.user) return notSignedIn();
	const rounds = await taskRounds(principalOf(locals.user), params.id);
	if (rounds === 'not-found') return jsonError(404, '找不到该任务。 No such task.');
	if (rounds === 'forbidden') return forbidden();
	return json({ rounds }, { headers: { 'cache-control': 'private, no-store' } });
};
