import { json } from '@sveltejs/kit';
import { answer } from '$lib/server/refusal';
import { matterActor } from '$lib/server/matters/matter-access';
import { listConsultations, requireReviewer, startConsultation } from '$lib/server/matters/consultations';
import type { RequestHandler } from './$types';

/** The community's meetings, newest first (the last hundred). */
export const GET: RequestHandler = ({ locals, params }) =>
	answer(async () => {
		const actor = await matterActor(locals.user, params.id);
		requireReviewer(actor);
		return json({ consultations: await listConsultations(actor.community.id) }, { headers: { 'cache-control': 'private, no-store' } });
	});

/** 开始会商: 201 with the meeting; 409 `error_consultation_open` (with `consultationId`) while one is open. */
export const POST: RequestHandler = ({ locals, params, request }) =>
	answer(async () => {
		const actor = await matterActor(locals.user, params.id);
		return json(await startConsultation(actor), { status: 201 });
	}, request);
