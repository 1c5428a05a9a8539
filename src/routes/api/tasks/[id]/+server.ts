import { json } from '@sveltejs/kit';
import { forbidden, jsonError, notSignedIn, principalOf } from '$lib/server/guards';
import { taskDetail } from '$lib/server/tasks/task-reports';
import type { RequestHandler } from './$types';

/** A task with its figures per building, for anyone who may view the task's community. */
export const GET: RequestHandler = async ({ locals, params }) => {
	if (!locals.user) return notSignedIn();
	const detail = await taskDetail(principalOf(locals.user), params.id);
	if (detail === 'not-found') return jsonError(404, '找不到该任务。 No such task.');
	if (detail === 'forbidden') return forbidden();
	return json(detail, { headers: { 'cache-control': 'private, no-store' } });
};
