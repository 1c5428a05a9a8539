import { json } from '@sveltejs/kit';
import { matterLimits } from '$lib/domain/matter-view';
import { photoUploader } from '$lib/server/matters/photo-access';
import { ensureUploadRoom, storePhoto } from '$lib/server/matters/photo-store';
import { answer, refusal } from '$lib/server/refusal';
import { readUpload } from '$lib/server/structure/request-body';
import type { RequestHandler } from './$types';

const photoCap = {
	bytes: matterLimits.photoBytes,
	tooLarge: () => refusal(413, 'error_photo_too_large', { megabytes: matterLimits.photoBytes / (1024 * 1024) })
};

export const POST: RequestHandler = ({ locals, params, request }) =>
	answer(async () => {
		const { community, principal } = await photoUploader(locals.user, params.id);
		await ensureUploadRoom(principal.userId);
		const upload = await readUpload(request, photoCap);
		const stored = await storePhoto({ communityId: community.id, uploadedBy: principal.userId, bytes: upload.bytes });
		return json(stored, { status: 201 });
	}, request);
