/**
 * One report in the outbox (写在本机, 待发送) and every change of its state, as pure functions:
 * the sender and the screens call these, the tests pin them down.
 *
 * waiting ──photos uploaded one by one (each id kept)──▶ waiting ──POST 2xx──▶ sent
 *    │  ▲ no answer, 5xx: back off and try again            │
 *    │  └───────────────────────────────────────────────────┘
 *    └──4xx──▶ refused (kept with the server's words until the liaison fixes or discards it)
 */
import { matterLimits } from '$lib/domain/matter-view';
import type { MatterStatus } from '$lib/domain/matters';
import { freshState, sentKeepMs, type OutboxRecord } from '$lib/client/outbox/outbox-record';

/** What the liaison filled in. The category is the sub-category when one was picked. */
export type ReportDraft = {
	category: string;
	buildingId: string | null;
	description: string;
	urgent: boolean;
	handledOnSpot: boolean;
};

/** Names as they were when reported, so the list reads well with no signal and no category list. */
export type ReportLabels = { category: string; place: string };

/** A resized photo and, once uploaded, the id the server gave it (a retry does not upload it again). */
export type OutboxPhoto = { blob: Blob; uploadedId: string | null };

export type OutboxEntry = OutboxRecord & {
	/** Made once per report (`newId`): the server answers a repeated POST with the matter it already made. */
	clientKey: string;
	communityId: string;
	draft: ReportDraft;
	labels: ReportLabels;
	photos: OutboxPhoto[];
	/** The matter the server made, once sent. */
	matterId: string | null;
	matterStatus: MatterStatus | null;
};

export type DraftProblem = 'category' | 'place' | 'description' | 'photos';

/** What keeps a draft from being sent, or null. The API takes a building or a point; this form gives a building. */
export function draftProblem(draft: ReportDraft, photoCount: number): DraftProblem | null {
	if (!draft.category) return 'category';
	if (!draft.buildingId) return 'place';
	if (draft.description.length > matterLimits.description) return 'description';
	if (photoCount > matterLimits.photos) return 'photos';
	return null;
}

type NewEntry = { clientKey: string; communityId: string; now: number; draft: ReportDraft; labels: ReportLabels; photos: readonly Blob[] };

export function createEntry({ clientKey, communityId, now, draft, labels, photos }: NewEntry): OutboxEntry {
	return {
		clientKey,
		communityId,
		createdAt: now,
		draft: { ...draft, description: draft.description.trim() },
		labels,
		photos: photos.map((blob) => ({ blob, uploadedId: null })),
		...freshState(now),
		matterId: null,
		matterStatus: null
	};
}

/** The first photo the server does not have yet, or -1 when all are uploaded. */
export function nextPhotoToUpload(entry: OutboxEntry): number {
	return entry.photos.findIndex((photo) => photo.uploadedId === null);
}

export function photoUploaded(entry: OutboxEntry, index: number, photoId: string): OutboxEntry {
	const photos = entry.photos.map((photo, i) => (i === index ? { ...photo, uploadedId: photoId } : photo));
	// An upload that went through is progress: the next failure waits the shortest time again.
	return { ...entry, photos, failures: 0 };
}

/** Sent: the photos stay until the server's list shows the matter, for the thumbnail meanwhile. */
export function markSent(entry: OutboxEntry, matter: { id: string; status: MatterStatus }, now: number): OutboxEntry {
	return { ...entry, state: 'sent', matterId: matter.id, matterStatus: matter.status, sentAt: now, failures: 0, refusal: null };
}

/** A sent report the server's list now shows (or an old one) needs no copy here any more. */
export function isSettled(entry: OutboxEntry, listedIds: ReadonlySet<string>, now: number): boolean {
	if (entry.state !== 'sent') return false;
	return (entry.matterId !== null && listedIds.has(entry.matterId)) || now - (entry.sentAt ?? 0) > sentKeepMs;
}

/** The body of `POST /api/communities/:id/matters`, once every photo has its id. */
export function matterBody(entry: OutboxEntry) {
	const { category, buildingId, description, urgent, handledOnSpot } = entry.draft;
	return {
		clientKey: entry.clientKey,
		category,
		...(buildingId ? { buildingId } : {}),
		description,
		urgent,
		handledOnSpot,
		photoIds: entry.photos.flatMap((photo) => (photo.uploadedId ? [photo.uploadedId] : []))
	};
}
