import { answer } from '$lib/server/refusal';
import { householdsDownload } from '$lib/server/structure/structure-exports';
import { communityActor } from '$lib/server/structure/structure-access';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ locals, params }) =>
	answer(async () => householdsDownload(await communityActor(locals.user, params.id)));
