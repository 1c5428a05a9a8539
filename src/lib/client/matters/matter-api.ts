/** The matters API as the field side calls it: addresses, and the two requests the outbox sends. */
import { matterStatuses, type MatterStatus } from '$lib/domain/matters';
import { requestJson, type Fetch } from '$lib/client/outbox/request-json';
import { answerOf, type Answer } from '$lib/client/outbox/send-answer';

const community = (communityId: string) => `/api/communities/${encodeURIComponent(communityId)}`;

export const matterUrls = {
	categories: (communityId: string) => `${community(communityId)}/matter-categories`,
	photos: (communityId: string) => `${community(communityId)}/photos`,
	matters: (communityId: string) => `${community(communityId)}/matters`,
	mine: (communityId: string) => `${community(communityId)}/matters?mine=1`,
	thumb: (photoId: string) => `/api/photos/${encodeURIComponent(photoId)}?size=thumb`,
	page: (matterId: string) => `/matters/${encodeURIComponent(matterId)}`
};

/** A stairwell can keep a request hanging for minutes; a photo gets longer than the form. */
const photoTimeoutMs = 90_000;
const matterTimeoutMs = 30_000;

export type Transport = {
	uploadPhoto(communityId: string, photo: Blob): Promise<Answer<{ id: string }>>;
	postMatter(communityId: string, body: object): Promise<Answer<{ id: string; status: MatterStatus }>>;
};

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
const isPhoto = (value: unknown): value is { id: string } => isRecord(value) && typeof value.id === 'string';
const isMatter = (value: unknown): value is { id: string; status: MatterStatus } =>
	isPhoto(value) && (matterStatuses as readonly unknown[]).includes((value as Record<string, unknown>).status);

export function httpTransport(fetcher: Fetch = (...args) => fetch(...args)): Transport {
	return {
		async uploadPhoto(communityId, photo) {
			const form = new FormData();
			form.append('file', photo, 'photo.jpg');
			const { status, body } = await requestJson(fetcher, matterUrls.photos(communityId), { method: 'POST', body: form }, photoTimeoutMs);
			return answerOf(status, body, isPhoto);
		},
		async postMatter(communityId, matter) {
			const init = { method: 'POST', body: JSON.stringify(matter), headers: { 'content-type': 'application/json' } };
			const { status, body } = await requestJson(fetcher, matterUrls.matters(communityId), init, matterTimeoutMs);
			return answerOf(status, body, isMatter);
		}
	};
}
