import { answer } from '$lib/server/refusal';
import { matterActor } from '$lib/server/matters/matter-access';
import { mattersVersionStream } from '$lib/server/matters/matters-stream';
import type { RequestHandler } from './$types';

/** Server-sent events: the community's `mattersVersion` now and whenever a matter changes. */
export const GET: RequestHandler = ({ locals, params }) =>
	answer(async () => {
		const actor = await matterActor(locals.user, params.id);
		return mattersVersionStream(actor.standing.userId, actor.community.id);
	});
