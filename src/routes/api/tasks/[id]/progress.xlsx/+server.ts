import { principalOf } from '$lib/server/guards';
import { answer, refusal } from '$lib/server/refusal';
import { progressDownload } from '$lib/server/tasks/progress-export';
import type { RequestHandler } from './$types';

/** The task's progress per building and household code as .xlsx (`?rounds=all`: its whole series); anyone who may read the task. */
export const GET: RequestHandler = ({ locals, params, url }) =>
	answer(async () => {
		if (!locals.user) throw refusal(401, 'error_not_signed_in');
		return progressDownload(principalOf(locals.user), params.id, url);
	});
