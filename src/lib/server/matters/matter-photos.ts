import { and, eq, inArray, isNull, type SQL } from 'drizzle-orm';
import type { Tx } from '../db';
import { photos } from '../db/schema';
import { refusal } from '../refusal';

/**
 * Attaches uploaded photos to a matter inside the caller's transaction: only the uploader's
 * own, unattached photos of the same community (not residents' photos filed under the
 * uploader). Any other id refuses the whole write.
 */
export async function claimPhotos(tx: Tx, claim: { photoIds: readonly string[]; userId: string; communityId: string; matterId: string }): Promise<void> {
	const wanted = [...new Set(claim.photoIds)];
	const mine = and(eq(photos.uploadedBy, claim.userId), eq(photos.communityId, claim.communityId), isNull(photos.publicCode));
	const missing = await attach(tx, wanted, mine, claim.matterId);
	if (missing) throw refusal(400, 'error_matter_photo_unusable', { id: missing });
}

/** A resident's report takes only photos sent through the same sign code and still unattached. */
export async function claimResidentPhotos(tx: Tx, claim: { photoIds: readonly string[]; publicCode: string; communityId: string; matterId: string }): Promise<void> {
	const wanted = [...new Set(claim.photoIds)];
	const sameSign = and(eq(photos.publicCode, claim.publicCode), eq(photos.communityId, claim.communityId));
	if (await attach(tx, wanted, sameSign, claim.matterId)) throw refusal(400, 'error_public_photo_unusable');
}

/** Sets `matterId` on the wanted unattached photos that match; answers an id that did not, if any. */
async function attach(tx: Tx, wanted: string[], match: SQL | undefined, matterId: string): Promise<string | undefined> {
	if (wanted.length === 0) return undefined;
	const claimed = await tx
		.update(photos)
		.set({ matterId })
		.where(and(inArray(photos.id, wanted), match, isNull(photos.matterId)))
		.returning({ id: photos.id });
	return wanted.find((id) => !claimed.some((row) => row.id === id));
}
