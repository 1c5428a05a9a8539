/**
 * The matter pages' calls: one action on a matter, one photo upload. Expected refusals come
 * back as values with the server's text (written in the reader's language).
 */
import type { MatterView } from '$lib/domain/matter-view';
import * as m from '$lib/paraglide/messages';
import { matterUrls } from './matter-api';
import { PhotoError, resizePhoto } from './photo-resize';

export type Sent<T> = { ok: true; body: T } | { ok: false; status: number; error: string };

async function send<T>(url: string, init: RequestInit): Promise<Sent<T>> {
	let response: Response;
	try {
		response = await fetch(url, { ...init, headers: { accept: 'application/json', ...init.headers } });
	} catch {
		return { ok: false, status: 0, error: m.matter_error_network() };
	}
	const body = (await response.json().catch(() => null)) as { error?: unknown } | null;
	if (response.ok) return { ok: true, body: body as T };
	const error = typeof body?.error === 'string' && body.error ? body.error : m.matter_error_status({ status: response.status });
	return { ok: false, status: response.status, error };
}

/** `POST /api/matters/:id/actions` with `{ action, … }`: the matter as it now stands, or the refusal. */
export function actOnMatter(matterId: string, input: { action: string } & Record<string, unknown>): Promise<Sent<MatterView>> {
	return send(`/api/matters/${encodeURIComponent(matterId)}/actions`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(input)
	});
}

/** Uploads one photo, made small on the phone first as the report sheet does; the server re-encodes it. */
export async function uploadMatterPhoto(communityId: string, file: File): Promise<Sent<{ id: string }>> {
	let photo: Blob;
	try {
		photo = await resizePhoto(file);
	} catch (caught) {
		return { ok: false, status: 0, error: caught instanceof PhotoError ? caught.message : m.matter_photo_unreadable() };
	}
	const form = new FormData();
	form.set('file', photo, 'photo.jpg');
	return send(matterUrls.photos(communityId), { method: 'POST', body: form });
}

export const photoUrl = (photoId: string, size: 'thumb' | 'full' = 'full') => (size === 'thumb' ? matterUrls.thumb(photoId) : `/api/photos/${encodeURIComponent(photoId)}`);
