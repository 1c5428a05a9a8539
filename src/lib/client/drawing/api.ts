import type { Polygonal } from '$lib/domain/geojson';
import * as m from '$lib/paraglide/messages';
import type { StructureKind } from '../map/map-types';

/** One part of a 409 answer: a child that sticks out of its parent, and where. */
export type ContainmentProblem = {
	kind: StructureKind;
	id: string | null;
	name: string;
	parentKind: StructureKind;
	parentId: string;
	parentName: string;
	outside: Polygonal;
	area: number;
};

export type ApiFailure = { ok: false; status: number; error: string; problems: ContainmentProblem[]; body: unknown };
export type ApiResult<T> = { ok: true; status: number; body: T } | ApiFailure;

const collections: Record<StructureKind, string> = { grid: 'grids', microGrid: 'micro-grids', building: 'buildings' };

/** `/api/communities/:id/buildings[/:buildingId]` and the like. */
export function structureUrl(communityId: string, kind: StructureKind, id?: string): string {
	const base = `/api/communities/${encodeURIComponent(communityId)}/${collections[kind]}`;
	return id ? `${base}/${encodeURIComponent(id)}` : base;
}

export function communityUrl(communityId: string, path: string): string {
	return `/api/communities/${encodeURIComponent(communityId)}/${path}`;
}

/**
 * Sends JSON or a form to the structure API; expected refusals come back as values, not throws.
 * The server writes its messages in the reader's language (the locale cookie goes along).
 */
export async function callApi<T>(
	method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
	url: string,
	body?: object | FormData
): Promise<ApiResult<T>> {
	const init: RequestInit = { method, headers: { accept: 'application/json' } };
	if (body instanceof FormData) init.body = body;
	else if (body !== undefined) {
		init.body = JSON.stringify(body);
		init.headers = { ...init.headers, 'content-type': 'application/json' };
	}
	let response: Response;
	try {
		response = await fetch(url, init);
	} catch {
		return { ok: false, status: 0, error: m.edit_error_network(), problems: [], body: null };
	}
	const text = await response.text();
	let parsed: unknown = null;
	try {
		parsed = text ? JSON.parse(text) : null;
	} catch {
		parsed = null;
	}
	if (response.ok) return { ok: true, status: response.status, body: parsed as T };
	const record = (parsed ?? {}) as { error?: unknown; problems?: unknown };
	const error =
		typeof record.error === 'string' && record.error
			? record.error
			: response.status === 413
				? m.edit_error_too_large()
				: response.status === 403
					? m.edit_error_forbidden()
					: m.edit_error_status({ status: response.status });
	const problems = Array.isArray(record.problems) ? (record.problems as ContainmentProblem[]) : [];
	return { ok: false, status: response.status, error, problems, body: parsed };
}

/** The server refuses larger uploads too; checking first saves sending them. */
export const maxUploadBytes = 20 * 1024 * 1024;

/** Posts a file as multipart form data (`file`, plus the given fields). */
export function uploadFile<T>(url: string, file: File, fields: Record<string, string>): Promise<ApiResult<T>> {
	const form = new FormData();
	form.set('file', file);
	for (const [key, value] of Object.entries(fields)) form.set(key, value);
	return callApi<T>('POST', url, form);
}
