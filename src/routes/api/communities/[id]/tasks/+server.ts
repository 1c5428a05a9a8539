import { json } from '@sveltejs/kit';
import * as v from 'valibot';
import { taskStatuses } from '$lib/domain/community-doc';
import { principalOf } from '$lib/server/guards';
import { answer, refusal } from '$lib/server/refusal';
import { communityTasks } from '$lib/server/tasks/task-reports';
import type { RequestHandler } from './$types';

const statusSchema = v.nullable(v.picklist(taskStatuses));

/** The community's tasks (`?status=open|closed` to filter), open ones first, then the most recent. */
export const GET: RequestHandler = ({ locals, params, url }) =>
	answer(async () => {
		if (!locals.user) throw refusal(401, 'error_not_signed_in');
		const status = v.safeParse(statusSchema, url.searchParams.get('status'));
		if (!status.success) throw refusal(400, 'error_task_status_filter');
		return json({ tasks: await communityTasks(principalOf(locals.user), params.id, status.output) }, { headers: { 'cache-control': 'private, no-store' } });
	});
