import { json } from '@sveltejs/kit';
import { parsePublicSettings, requirePublicSideActor, setPublicSettings } from '$lib/server/public/public-admin';
import { answer } from '$lib/server/refusal';
import { readJsonBody } from '$lib/server/structure/request-body';
import { communityActor } from '$lib/server/structure/structure-access';
import type { RequestHandler } from './$types';

/** The community's hotline (社区服务热线), `{ hotline }`: the secretary only, checked before the body is read. */
export const PATCH: RequestHandler = ({ locals, params, request }) =>
	answer(async () => {
		const actor = requirePublicSideActor(await communityActor(locals.user, params.id));
		return json(await setPublicSettings(actor, parsePublicSettings(await readJsonBody(request))));
	}, request);
