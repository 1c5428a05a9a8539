import { json } from '@sveltejs/kit';
import { getLocale } from '$lib/paraglide/runtime';
import { answer } from '$lib/server/refusal';
import { consultationMinutes } from '$lib/server/matters/consultation-minutes';
import { consultationOf, editConsultation, requireChair, requireReviewer } from '$lib/server/matters/consultations';
import { readJsonBody } from '$lib/server/structure/request-body';
import type { RequestHandler } from './$types';

/** The minutes: the meeting, its decisions and what it carried over. */
export const GET: RequestHandler = ({ locals, params }) =>
	answer(async () => {
		const target = await consultationOf(locals.user, params.id);
		requireReviewer(target.actor);
		return json(await consultationMinutes(target, getLocale()), { headers: { 'cache-control': 'private, no-store' } });
	});

/** `{ attendees?, notes? }`: the secretary's record of the meeting. */
export const PATCH: RequestHandler = ({ locals, params, request }) =>
	answer(async () => {
		const target = await consultationOf(locals.user, params.id);
		requireChair(target.actor);
		return json(await editConsultation(target, await readJsonBody(request)));
	}, request);
