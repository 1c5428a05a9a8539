/**
 * The 会商 page's calls to the API. A refusal comes back as `ApiError` carrying the server's
 * text (already in the user's language) and code; a lost connection as a text that says so.
 */
import type { ConsultationView } from '$lib/domain/consultation-view';
import type { EditableCategory } from '$lib/domain/matter-categories';
import type { MatterView } from '$lib/domain/matter-view';
import * as m from '$lib/paraglide/messages';

export class ApiError extends Error {
	constructor(
		message: string,
		readonly status: number,
		readonly code: string | null
	) {
		super(message);
	}
}

async function send<T>(method: 'POST' | 'PATCH', path: string, body: unknown = {}): Promise<T> {
	let response: Response;
	try {
		response = await fetch(path, { method, headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(body) });
	} catch {
		throw new ApiError(m.consultation_offline(), 0, null);
	}
	const text = await response.text();
	const data = text ? (JSON.parse(text) as Record<string, unknown>) : null;
	if (!response.ok) throw new ApiError(typeof data?.error === 'string' ? data.error : m.consultation_failed({ status: response.status }), response.status, typeof data?.code === 'string' ? data.code : null);
	return data as T;
}

const community = (id: string) => `/api/communities/${encodeURIComponent(id)}`;
const meeting = (id: string) => `/api/consultations/${encodeURIComponent(id)}`;

export const startMeeting = (communityId: string) => send<ConsultationView>('POST', `${community(communityId)}/consultations`);
export const endMeeting = (meetingId: string) => send<ConsultationView>('POST', `${meeting(meetingId)}/end`);
export const editMeeting = (meetingId: string, change: { attendees?: string[]; notes?: string }) => send<ConsultationView>('PATCH', meeting(meetingId), change);

/** One matter action (route, merge, reject, confirm), with the open meeting's id when there is one. */
export const actOn = (matterId: string, body: Record<string, unknown>) => send<MatterView>('POST', `/api/matters/${encodeURIComponent(matterId)}/actions`, body);

export const createCategory = (communityId: string, body: Record<string, unknown>) => send<EditableCategory>('POST', `${community(communityId)}/matter-categories`, body);
export const editCategory = (communityId: string, categoryId: string, body: Record<string, unknown>) =>
	send<EditableCategory>('PATCH', `${community(communityId)}/matter-categories/${encodeURIComponent(categoryId)}`, body);

/** The text to show for any failure of these calls. */
export const failureText = (caught: unknown) => (caught instanceof ApiError ? caught.message : m.consultation_offline());
