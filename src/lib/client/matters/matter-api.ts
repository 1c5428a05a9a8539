/**
 * The matter pages' calls: one action on a matter, one photo upload. Expected refusals come
 * back as values with the server's text (written in the reader's language).
 */
import type { MatterView } from '$lib/domain/matter-view';
import * as m from '$lib/paraglide/messages';

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

/**
 * Uploads one photo as it is; the server re-encodes it. (The report sheet's client-side
 * shrinking, `photo-resize.ts`, can take its place once both branches are in.)
 */
export function uploadMatterPhoto(communityId: string, file: File): Promise<Sent<{ id: string }>> {
	const form = new FormData();
	form.set('file', file);
	return send(`/api/communities/${encodeURIComponent(communityId)}/photos`, { method: 'POST', body: form });
}

export const photoUrl = (photoId: string, size: 'thumb' | 'full' = 'full') =>
	`/api/photos/${encodeURIComponent(photoId)}${size === 'thumb' ? '?size=thumb' : ''}`;
