import { json } from '@sveltejs/kit';
import { rotateBuildingCode } from '$lib/server/public/public-admin';
import { answer } from '$lib/server/refusal';
import { communityActor } from '$lib/server/structure/structure-access';
import type { RequestHandler } from './$types';

/** 更换二维码: the secretary retires the building's QR code and gets `{ publicCode }`, the new one. */
export const POST: RequestHandler = ({ locals, params, request }) =>
	answer(async () => json(await rotateBuildingCode(await communityActor(locals.user, params.id), params.buildingId)), request);
