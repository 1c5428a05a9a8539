import { json } from '@sveltejs/kit';
import { answer } from '$lib/server/refusal';
import { requirePhotoRoom, residentPhotoCap, storeResidentPhoto } from '$lib/server/public/resident-report';
import { residentTarget } from '$lib/server/public/resident-target';
import { readUpload } from '$lib/server/structure/request-body';
import type { RequestHandler } from './$types';

/** A resident's photo (multipart, field `file`) for a report through the same sign; re-encoded without metadata. */
export const POST: RequestHandler = ({ params, request, getClientAddress }) =>
	answer(async () => {
		const address = getClientAddress();
		const target = await residentTarget(params.code);
		await requirePhotoRoom(target, address);
		const upload = await readUpload(request, residentPhotoCap);
		const { id } = await storeResidentPhoto(target, upload.bytes, address);
		return json({ id }, { status: 201 });
	}, request);
