import { json } from '@sveltejs/kit';
import * as v from 'valibot';
import { taskStatuses } from '$lib/domain/community-doc';
import { forbidden, jsonError, notSignedIn, principalOf } from '$lib/server/guards';
import { communityTasks } from '$lib/server/tasks/task-reports';
import type { RequestHandler } from './$types';

const statusSchema = v.nullable(v.picklist(taskStatuses));

/** The community's tasks (`?status=open|closed` to filter), open ones first, then the most recent. */
export const GET: RequestHandler = async ({ locals, params, url }) => {
	if (!locals.user) return notSignedIn();
	const status = v.safeParse(statusSchema, url.searchParams.get('status'));
	if (!status.success) return jsonError(400, 'status 只能是 open 或 closed。 status must be open or closed.');
	const list = await communityTasks(principalOf(locals.user), params.id, status.output);
	if (list === 'forbidden') return forbidden();
	return json({ tasks: list }, { headers: { 'cache-control': 'private, no-store' } });
};
