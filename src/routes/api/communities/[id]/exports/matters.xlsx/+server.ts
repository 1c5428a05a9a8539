import { answer } from '$lib/server/refusal';
import { matterActor } from '$lib/server/matters/matter-access';
import { ledgerDownload } from '$lib/server/matters/matter-exports';
import type { RequestHandler } from './$types';

/** 问题台账 of the matters the caller may see; `?from=&to=` (epoch ms) bound the report time. */
export const GET: RequestHandler = ({ locals, params, url }) =>
	answer(async () => ledgerDownload(await matterActor(locals.user, params.id), url));
