/**
 * Photos in the database, as `processPhoto` made them. An upload is unattached (`matterId`
 * null) until the matters service names it in a report or a resolution: that service checks
 * that the photo is unattached, of the same community and uploaded by the same person, and
 * sets `matterId` in the transaction that writes the event. Until then only its uploader sees it.
 */
import { and, count, eq, gt, isNull } from 'drizzle-orm';
import { db, type Tx } from '../db';
import { photos, users } from '../db/schema';
import { newId } from '../ids';
import { refusal } from '../refusal';
import { processPhoto } from './photo-pipeline';

/** Unattached photos one person may have uploaded within the window: nobody fills the database. */
export const unattachedPhotoQuota = { count: 30, hours: 24 };

export type PhotoSize = 'full' | 'thumb';
export type StoredPhoto = { id: string; width: number; height: number };
export type PhotoFile = { bytes: Uint8Array; communityId: string; uploadedBy: string; matterId: string | null };
/** `publicCode`: sent by a resident through that sign code, filed under `uploadedBy` (who will check the report). */
export type PhotoUpload = { communityId: string; uploadedBy: string; bytes: Uint8Array; publicCode?: string };

/**
 * Refuses (429) when the person's unattached uploads of the window fill the quota. Residents'
 * photos filed under the person do not count: a resident cannot use up a liaison's quota.
 */
export async function ensureUploadRoom(userId: string, tx: Tx = db()): Promise<void> {
	const since = new Date(Date.now() - unattachedPhotoQuota.hours * 3_600_000);
	const [{ unattached }] = await tx
		.select({ unattached: count() })
		.from(photos)
		.where(and(eq(photos.uploadedBy, userId), isNull(photos.matterId), isNull(photos.publicCode), gt(photos.createdAt, since)));
	if (unattached >= unattachedPhotoQuota.count) throw refusal(429, 'error_photo_quota', { count: unattached });
}

/** A staff member's room: one person's uploads queue on its row, so parallel ones cannot all pass the same count. */
async function staffRoom(tx: Tx, userId: string): Promise<void> {
	await tx.select({ id: users.id }).from(users).where(eq(users.id, userId)).for('update');
	await ensureUploadRoom(userId, tx);
}

/**
 * Re-encodes and stores an upload, unattached. Refuses what `processPhoto` refuses, and what
 * `claimRoom` refuses in the storing transaction: by default the uploader's quota (ask
 * `ensureUploadRoom` before reading the body, too, so a full quota costs no upload).
 */
export async function storePhoto(upload: PhotoUpload, claimRoom: (tx: Tx) => Promise<void> = (tx) => staffRoom(tx, upload.uploadedBy)): Promise<StoredPhoto> {
	const { image, thumb, width, height } = await processPhoto(upload.bytes);
	const id = newId();
	await db().transaction(async (tx) => {
		await claimRoom(tx);
		await tx.insert(photos).values({ id, communityId: upload.communityId, uploadedBy: upload.uploadedBy, publicCode: upload.publicCode ?? null, image, thumb, width, height });
	});
	return { id, width, height };
}

/** One size of a photo, with what deciding who may see it needs; null when there is no such photo. */
export async function readPhoto(id: string, size: PhotoSize): Promise<PhotoFile | null> {
	if (id.length > 64) return null;
	const [row] = await db()
		.select({
			bytes: size === 'thumb' ? photos.thumb : photos.image,
			communityId: photos.communityId,
			uploadedBy: photos.uploadedBy,
			matterId: photos.matterId
		})
		.from(photos)
		.where(eq(photos.id, id));
	return row ?? null;
}
