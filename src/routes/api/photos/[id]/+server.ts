import { answer } from '$lib/server/refusal';
import { photoSize, visiblePhoto } from '$lib/server/matters/photo-access';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ locals, params, url }) =>
	answer(async () => {
		const bytes = await visiblePhoto(locals.user, params.id, photoSize(url));
		return new Response(bytes as Uint8Array<ArrayBuffer>, {
			headers: {
				'content-type': 'image/jpeg',
				'content-length': String(bytes.byteLength),
				// Ids are random and a photo never changes: the browser may keep it for good.
				'cache-control': 'private, max-age=31536000, immutable',
				'x-content-type-options': 'nosniff'
			}
		});
	});
