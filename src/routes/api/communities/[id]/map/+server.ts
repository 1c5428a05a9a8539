import { answer } from '$lib/server/refusal';
import { communityMap, matchesEtag, serializedMap } from '$lib/server/structure/map-geojson';
import { communityActor } from '$lib/server/structure/structure-access';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ locals, params, request }) =>
	answer(async () => {
		const { community } = await communityActor(locals.user, params.id);
		const { body, etag } = serializedMap(await communityMap(community.id));
		const headers = { etag, 'cache-control': 'private, no-cache' };
		if (matchesEtag(request, etag)) return new Response(null, { status: 304, headers });
		return new Response(body, { headers: { ...headers, 'content-type': 'application/geo+json; charset=utf-8' } });
	});
