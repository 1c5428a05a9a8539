import { json } from '@sveltejs/kit';
import { principalOf } from '$lib/server/guards';
import { answer, refusal } from '$lib/server/refusal';
import { taskRounds } from '$lib/server/tasks/task-reports';
import type { RequestHandler } from './$types';

/** Every round of the task's chain with its coverage, for anyone who may view the task's community. */
export const GET: RequestHandler = ({ locals, params }) =>
	answer(async () => {
		if (!locals.user) throw refusal(401, 'error_not_signed_in');
		return json({ rounds: await taskRounds(principalOf(locals.user), params.id) }, { headers: { 'cache-control': 'private, no-store' } });
	});
