import { json } from '@sveltejs/kit';
import { answer } from '$lib/server/refusal';
import { consultationOf, endConsultation } from '$lib/server/matters/consultations';
import type { RequestHandler } from './$types';

/** 结束会商: records what still waits as carried over; 409 when it has ended already. */
export const POST: RequestHandler = ({ locals, params, request }) =>
	answer(async () => json(await endConsultation(await consultationOf(locals.user, params.id))), request);
