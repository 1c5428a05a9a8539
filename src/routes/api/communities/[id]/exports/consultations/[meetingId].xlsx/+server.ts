import { answer, refusal } from '$lib/server/refusal';
import { consultationOf } from '$lib/server/matters/consultations';
import { minutesDownload } from '$lib/server/matters/matter-exports';
import type { RequestHandler } from './$types';

/** 会商纪要 as .xlsx; 404 for a meeting of another community than the path's. */
export const GET: RequestHandler = ({ locals, params }) =>
	answer(async () => {
		const target = await consultationOf(locals.user, params.meetingId);
		if (target.row.communityId !== params.id) throw refusal(404, 'error_consultation_not_found');
		return minutesDownload(target);
	});
