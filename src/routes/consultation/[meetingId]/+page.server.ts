import { getLocale } from '$lib/paraglide/runtime';
import { requireUser } from '$lib/server/guards';
import { consultationMinutes } from '$lib/server/matters/consultation-minutes';
import { consultationOf, requireReviewer } from '$lib/server/matters/consultations';
import { HttpRefusal, refusalPage } from '$lib/server/refusal';
import type { PageServerLoad } from './$types';

/** 会商纪要, to read and to print. */
export const load: PageServerLoad = async ({ locals, url, params, depends }) => {
	depends('app:matters');
	const user = requireUser(locals, url);
	try {
		const target = await consultationOf(user, params.meetingId);
		requireReviewer(target.actor);
		return { minutes: await consultationMinutes(target, getLocale()) };
	} catch (caught) {
		if (caught instanceof HttpRefusal) refusalPage(caught);
		throw caught;
	}
};
