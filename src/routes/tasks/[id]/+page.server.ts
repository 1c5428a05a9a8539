import { principalOf, requireUser } from '$lib/server/guards';
import { HttpRefusal } from '$lib/server/refusal';
import { taskDetail } from '$lib/server/tasks/task-reports';
import type { PageServerLoad } from './$types';

/**
 * The live board reads the document; a closed task's final figures come from the projection,
 * which also keeps them after the task has been archived out of the document.
 */
export const load: PageServerLoad = async ({ locals, url, params }) => {
	const user = requireUser(locals, url);
	// No such task, or another community's: the page says so from the live document and the history.
	const detail = await taskDetail(principalOf(user), params.id).catch((caught) => {
		if (caught instanceof HttpRefusal) return null;
		throw caught;
	});
	return { archived: detail?.status === 'closed' ? detail : null };
};
