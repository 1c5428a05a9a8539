import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Tx } from '../db';
import { photos } from '../db/schema';
import { refusal } from '../refusal';

/**
 * Attaches uploaded photos to a matter inside the caller's transaction: only the uploader's
 * own, unattached photos of the same community. Any other id refuses the whole write.
 */
export async function claimPhotos(tx: Tx, claim: { photoIds: readonly string[]; userId: string; communityId: string; matterId: string }): Promise<void> {
	const wanted = [...new Set(claim.photoIds)];
	if (wanted.length === 0) return;
	const claimed = await tx
		.update(photos)
		.set({ matterId: claim.matterId })
		.where(and(inArray(photos.id, wanted), eq(photos.uploadedBy, claim.userId), eq(photos.communityId, claim.communityId), isNull(photos.matterId)))
		.returning({ id: photos.id });
	const missing = wanted.find((id) => !claimed.some((row) => row.id === id));
	if (missing) throw refusal(400, 'error_matter_photo_unusable', { id: missing });
}
