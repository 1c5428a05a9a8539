import { principalOf, requireUser } from '$lib/server/guards';
import { taskDetail } from '$lib/server/tasks/task-reports';
import type { PageServerLoad } from './$types';

/**
 * The live board reads the document; a closed task's final figures come from the projection,
 * which also keeps them after the task has been archived out of the document.
 */
export const load: PageServerLoad = async ({ locals, url, params }) => {
	const user = requireUser(locals, url);
	const detail = await taskDetail(principalOf(user), params.id);
	return { archived: typeof detail === 'object' && detail.status === 'closed' ? detail : null };
};
