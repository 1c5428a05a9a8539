import { and, eq } from 'drizzle-orm';
import * as v from 'valibot';
import { mayManagePublicSide } from '../../domain/permissions';
import { recordAudit } from '../audit';
import { db } from '../db';
import { buildings, communities } from '../db/schema';
import { refusal } from '../refusal';
import type { StructureActor } from '../structure/structure-access';
import { rotatePublicCode } from './public-codes';

/**
 * The secretary's say over what residents see: a building's QR code replaced (old signs then
 * say so), and the community's hotline (社区服务热线), printed where a person keeps their phone off.
 */

function requirePublicSide(actor: StructureActor): void {
	if (!mayManagePublicSide(actor.standing)) throw refusal(403, 'error_public_side_forbidden');
}

/** Replaces the building's QR code: 403 before anything else, 404 for a building not of this community. */
export async function rotateBuildingCode(actor: StructureActor, buildingId: string): Promise<{ publicCode: string }> {
	requirePublicSide(actor);
	const communityId = actor.community.id;
	return db().transaction(async (tx) => {
		// The row lock makes two rotations of one building follow each other.
		const [building] = await tx
			.select({ id: buildings.id, label: buildings.label })
			.from(buildings)
			.where(and(eq(buildings.id, buildingId), eq(buildings.communityId, communityId)))
			.for('update');
		if (!building) throw refusal(404, 'error_building_not_found');
		const publicCode = await rotatePublicCode(communityId, building.id, tx);
		await recordAudit(tx, {
			communityId,
			actorId: actor.principal.userId,
			action: 'building.public-code-rotate',
			detail: { buildingId: building.id, label: building.label }
		});
		return { publicCode };
	});
}

export const hotlineMaxLength = 40;

/** Empty (no hotline), or up to 40 characters of digits, spaces, '-', '+' and parentheses with at least 3 digits. */
export const publicSettingsSchema = v.object({
	hotline: v.pipe(
		v.string('error_hotline_format'),
		v.trim(),
		v.maxLength(hotlineMaxLength, 'error_hotline_length'),
		v.check((value) => value === '' || (/^[0-9 ()+-]+$/.test(value) && (value.match(/[0-9]/g)?.length ?? 0) >= 3), 'error_hotline_format')
	)
});

export type PublicSettings = v.InferOutput<typeof publicSettingsSchema>;

/** Checks the body (400 with the first problem's message, nothing changed) after the permission. */
export function parsePublicSettings(body: unknown): PublicSettings {
	const result = v.safeParse(publicSettingsSchema, body);
	if (result.success) return result.output;
	if (result.issues[0]?.message === 'error_hotline_length') throw refusal(400, 'error_hotline_length', { max: hotlineMaxLength });
	throw refusal(400, 'error_hotline_format');
}

export async function communityHotline(communityId: string): Promise<string> {
	const [row] = await db().select({ hotline: communities.hotline }).from(communities).where(eq(communities.id, communityId));
	return row?.hotline ?? '';
}

/** Sets the hotline; answers what is stored. */
export async function setPublicSettings(actor: StructureActor, input: PublicSettings): Promise<PublicSettings> {
	requirePublicSide(actor);
	const communityId = actor.community.id;
	return db().transaction(async (tx) => {
		const [before] = await tx.select({ hotline: communities.hotline }).from(communities).where(eq(communities.id, communityId)).for('update');
		await tx.update(communities).set({ hotline: input.hotline }).where(eq(communities.id, communityId));
		if (before?.hotline !== input.hotline) {
			await recordAudit(tx, { communityId, actorId: actor.principal.userId, action: 'community.hotline', detail: { from: before?.hotline ?? '', to: input.hotline } });
		}
		return { hotline: input.hotline };
	});
}

/** The permission alone, for the endpoint to ask before it reads a body. */
export function requirePublicSideActor(actor: StructureActor): StructureActor {
	requirePublicSide(actor);
	return actor;
}
