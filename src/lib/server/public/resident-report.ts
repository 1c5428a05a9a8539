import { randomBytes } from 'node:crypto';
import type { MatterStatus } from '../../domain/matters';
import { residentReportLimits, residentThrottleKeys } from '../../domain/resident-reports';
import { db } from '../db';
import { matters } from '../db/schema';
import { newId } from '../ids';
import { communityCategories } from '../matters/matter-categories';
import { claimResidentPhotos } from '../matters/matter-photos';
import { recordReportEvent } from '../matters/matter-report';
import { announceMattersChange } from '../matters/matter-signal';
import { storePhoto, type StoredPhoto } from '../matters/photo-store';
import { refusal } from '../refusal';
import type { UploadCap } from '../structure/request-body';
import { claimThrottle, forgetOldCounters, requireThrottleRoom } from './public-throttle';
import type { ResidentReportInput } from './resident-report-input';
import type { ResidentTarget } from './resident-target';

/**
 * 反映问题: a resident's report through a building's sign. It becomes a matter of that building,
 * `unverified` (待核实) with source `resident`, filed under the person who will check it on site
 * (`residentTarget` found them), until someone confirms it (核实) and it joins the 会商 queue.
 * The JSON API and the page's form both end here.
 */

/** How large a resident's photo may be as sent, and the refusal that says so. */
export const residentPhotoCap: UploadCap = {
	bytes: residentReportLimits.photoBytes,
	tooLarge: () => refusal(413, 'error_photo_too_large', { megabytes: residentReportLimits.photoBytes / (1024 * 1024) })
};

const reportKeys = (target: ResidentTarget, address: string) => residentThrottleKeys('report', address, target.buildingId);
const photoKeys = (target: ResidentTarget, address: string) => residentThrottleKeys('photo', address, target.buildingId);

/** 429 before any work when the sender (or the building) has sent its fill of reports. */
export function requireReportRoom(target: ResidentTarget, address: string, now = new Date()): Promise<void> {
	return requireThrottleRoom(reportKeys(target, address), now);
}

/** 429 before the body is read when the sender (or the building) has sent its fill of photos. */
export function requirePhotoRoom(target: ResidentTarget, address: string, now = new Date()): Promise<void> {
	return requireThrottleRoom(photoKeys(target, address), now);
}

/** Stores a resident's photo (re-encoded, no metadata), unattached, marked with the sign code it came through. */
export function storeResidentPhoto(target: ResidentTarget, bytes: Uint8Array, address: string, now = new Date()): Promise<StoredPhoto> {
	return storePhoto({ communityId: target.communityId, uploadedBy: target.recipientId, publicCode: target.code, bytes }, (tx) =>
		claimThrottle(tx, photoKeys(target, address), now)
	);
}

export async function reportAsResident(target: ResidentTarget, input: ResidentReportInput, address: string, now = new Date()): Promise<{ id: string }> {
	const categories = await communityCategories(target.communityId);
	if (!categories.some((category) => category.id === input.category)) throw refusal(400, 'error_matter_category_unknown');
	const { place } = target;
	const id = newId();
	const status: MatterStatus = 'unverified';
	await db().transaction(async (tx) => {
		await claimThrottle(tx, reportKeys(target, address), now);
		await tx.insert(matters).values({
			id,
			communityId: target.communityId,
			// Nobody resends a resident's form under the same key: a fresh one each time.
			clientKey: `resident-${randomBytes(12).toString('base64url')}`,
			categoryId: input.category,
			buildingId: target.buildingId,
			gridId: place.gridId ?? null,
			microGridId: place.microGridId ?? null,
			description: input.description,
			source: 'resident',
			residentPhone: input.phone,
			status,
			reportedBy: target.recipientId,
			reportedAt: now,
			updatedAt: now
		});
		await claimResidentPhotos(tx, { photoIds: input.photoIds, publicCode: target.code, communityId: target.communityId, matterId: id });
		await recordReportEvent(tx, { matterId: id, at: now, by: target.recipientId, action: 'report', to: status, note: '', photoIds: input.photoIds, detail: { resident: true } });
	});
	await announceMattersChange(target.communityId);
	await forgetOldCounters(now);
	return { id };
}
