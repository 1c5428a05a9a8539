import * as v from 'valibot';
import { maySeeMatter, mayUploadMatterPhoto, standingIn } from '../../domain/permissions';
import type { SessionUser } from '../auth';
import { getCommunity } from '../community';
import { principalOf } from '../guards';
import { refusal } from '../refusal';
import { matterActor, matterRow, matterState, type MatterActor } from './matter-access';
import { readPhoto, type PhotoFile, type PhotoSize } from './photo-store';

/**
 * Who may upload a photo to a community: those who report matters there (its members) and
 * the property companies that resolve them. Asked before the body is read.
 */
export async function photoUploader(user: SessionUser | null, communityId: string): Promise<MatterActor> {
	const actor = await matterActor(user, communityId);
	// matterActor let a property user through only when its company runs a compound here.
	if (!mayUploadMatterPhoto(actor.standing)) throw refusal(403, 'error_photo_upload_forbidden');
	return actor;
}

const sizeParam = v.optional(v.picklist(['full', 'thumb']), 'full');

/** `?size=` of a photo request: `full` when absent, 400 when neither `full` nor `thumb`. */
export function photoSize(url: URL): PhotoSize {
	const parsed = v.safeParse(sizeParam, url.searchParams.get('size') ?? undefined);
	if (!parsed.success) throw refusal(400, 'error_photo_size');
	return parsed.output;
}

/** An unattached photo is its uploader's alone; an attached one, of whoever may see its matter. */
async function maySeePhoto(user: SessionUser, photo: PhotoFile): Promise<boolean> {
	if (!photo.matterId) return photo.uploadedBy === user.id;
	const matter = await matterRow(photo.matterId);
	const community = matter && (await getCommunity(matter.communityId));
	if (!matter || !community) return false;
	return maySeeMatter(standingIn(principalOf(user), community), matterState(matter));
}

/** The photo's bytes for this user; 404 alike for a photo that does not exist and one the user may not see. */
export async function visiblePhoto(user: SessionUser | null, photoId: string, size: PhotoSize): Promise<Uint8Array> {
	if (!user) throw refusal(401, 'error_not_signed_in');
	const photo = await readPhoto(photoId, size);
	if (!photo || !(await maySeePhoto(user, photo))) throw refusal(404, 'error_photo_not_found');
	return photo.bytes;
}
