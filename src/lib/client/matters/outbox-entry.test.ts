import { describe, expect, it } from 'vitest';
import { matterLimits } from '$lib/domain/matter-view';
import { isDue, isUnsent, markFailed, markRefused, newId, nextWakeAt, sentKeepMs } from '$lib/client/outbox/outbox-record';
import { createEntry, draftProblem, isSettled, markSent, matterBody, nextPhotoToUpload, photoUploaded, type ReportDraft } from './outbox-entry';

const draft: ReportDraft = { category: 'stairwell', buildingId: 'b5', description: '  楼道堆物  ', urgent: false, handledOnSpot: false };
const photo = () => new Blob(['jpeg'], { type: 'image/jpeg' });
const entry = (photos = 2) =>
	createEntry({ clientKey: 'k1', communityId: 'c1', now: 1000, draft, labels: { category: '楼道卫生', place: '5号楼' }, photos: Array.from({ length: photos }, photo) });

describe('a new entry', () => {
	it('waits to be sent at once, with its photos not uploaded and the description trimmed', () => {
		const fresh = entry();
		expect(fresh).toMatchObject({ state: 'waiting', failures: 0, nextTryAt: 1000, matterId: null, refusal: null });
		expect(fresh.draft.description).toBe('楼道堆物');
		expect(fresh.photos.map((p) => p.uploadedId)).toEqual([null, null]);
		expect(isDue(fresh, 1000)).toBe(true);
		expect(isUnsent(fresh)).toBe(true);
	});

	it('has a client key of 32 hex digits, within the API limit, different each time', () => {
		const key = newId();
		expect(key).toMatch(/^[0-9a-f]{32}$/);
		expect(key.length).toBeLessThanOrEqual(matterLimits.clientKey);
		expect(newId()).not.toBe(key);
		expect(newId((bytes) => bytes.fill(255))).toBe('f'.repeat(32));
	});
});

describe('draftProblem', () => {
	it('asks for a category and a building, and keeps to the limits', () => {
		expect(draftProblem(draft, 0)).toBeNull();
		expect(draftProblem({ ...draft, category: '' }, 0)).toBe('category');
		expect(draftProblem({ ...draft, buildingId: null }, 0)).toBe('place');
		expect(draftProblem({ ...draft, description: 'x'.repeat(matterLimits.description + 1) }, 0)).toBe('description');
		expect(draftProblem(draft, matterLimits.photos + 1)).toBe('photos');
	});
});

describe('uploading photos', () => {
	it('goes photo by photo, remembering each id so a retry skips it', () => {
		let current = entry();
		expect(nextPhotoToUpload(current)).toBe(0);
		current = photoUploaded(current, 0, 'p1');
		expect(nextPhotoToUpload(current)).toBe(1);
		current = photoUploaded(current, 1, 'p2');
		expect(nextPhotoToUpload(current)).toBe(-1);
		expect(matterBody(current).photoIds).toEqual(['p1', 'p2']);
	});

	it('counts an upload that went through as progress', () => {
		const failed = markFailed(markFailed(entry(), 1000, 0.5), 2000, 0.5);
		expect(photoUploaded(failed, 0, 'p1').failures).toBe(0);
	});
});

describe('failures', () => {
	it('back off: not due before the wait is over, due after it or when forced', () => {
		const once = markFailed(entry(), 10_000, 0.5);
		expect(once.failures).toBe(1);
		expect(once.nextTryAt).toBe(15_000);
		expect(isDue(once, 14_999)).toBe(false);
		expect(isDue(once, 15_000)).toBe(true);
		expect(isDue(once, 10_001, true)).toBe(true);
		const twice = markFailed(once, 15_000, 0.5);
		expect(twice.nextTryAt).toBe(25_000);
	});

	it('leave the entry waiting and unsent', () => {
		const failed = markFailed(entry(), 0, 0.5);
		expect(failed.state).toBe('waiting');
		expect(isUnsent(failed)).toBe(true);
	});
});

describe('a refusal', () => {
	it('keeps the report and the server’s words; it is never sent again by itself', () => {
		const refusal = { status: 403, message: '您只能上报自己负责范围内的问题。', code: 'forbidden' };
		const refused = markRefused(entry(), refusal);
		expect(refused.state).toBe('refused');
		expect(refused.refusal).toEqual(refusal);
		expect(refused.photos).toHaveLength(2);
		expect(isUnsent(refused)).toBe(true);
		expect(isDue(refused, Number.MAX_SAFE_INTEGER, true)).toBe(false);
		expect(nextWakeAt([refused])).toBeNull();
	});
});

describe('sent', () => {
	const sent = markSent(entry(), { id: 'm9', status: 'reported' }, 5000);

	it('keeps the matter id and status and is no longer due or unsent', () => {
		expect(sent).toMatchObject({ state: 'sent', matterId: 'm9', matterStatus: 'reported', sentAt: 5000 });
		expect(isDue(sent, 9e15, true)).toBe(false);
		expect(isUnsent(sent)).toBe(false);
	});

	it('is settled once the server’s list shows it, or after a day', () => {
		expect(isSettled(sent, new Set(), 6000)).toBe(false);
		expect(isSettled(sent, new Set(['m9']), 6000)).toBe(true);
		expect(isSettled(sent, new Set(), 5000 + sentKeepMs + 1)).toBe(true);
		expect(isSettled(entry(), new Set(['m9']), 9e15)).toBe(false);
	});
});

describe('matterBody', () => {
	it('is the API body: the building only when there is one', () => {
		const body = matterBody(entry(0));
		expect(body).toEqual({ clientKey: 'k1', category: 'stairwell', buildingId: 'b5', description: '楼道堆物', urgent: false, handledOnSpot: false, photoIds: [] });
		const nowhere = createEntry({ clientKey: 'k2', communityId: 'c1', now: 0, draft: { ...draft, buildingId: null }, labels: { category: '', place: '' }, photos: [] });
		expect('buildingId' in matterBody(nowhere)).toBe(false);
	});
});

describe('nextWakeAt', () => {
	it('is the earliest wait among waiting entries', () => {
		const a = markFailed(entry(), 0, 0.5);
		const b = markFailed(markFailed(entry(), 0, 0.5), 0, 0.5);
		expect(nextWakeAt([b, a])).toBe(a.nextTryAt);
		expect(nextWakeAt([])).toBeNull();
	});
});
