import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import { residentReportRecipient } from '../../domain/resident-reports';
import { db } from '../db';
import { memberships, users } from '../db/schema';
import { placeOf, type MatterPlace } from '../matters/matter-place';
import { refusal } from '../refusal';
import { resolvePublicCode } from './public-codes';

/** The building a resident reaches through a sign code, where it is, and whom its reports go to. */
export type ResidentTarget = { code: string; communityId: string; buildingId: string; place: MatterPlace; recipientId: string };

/**
 * What a sign code in a resident's request points at: 404 for a code that never was (or a
 * community with nobody to take the report), 410 for a replaced sign.
 */
export async function residentTarget(code: string): Promise<ResidentTarget> {
	const target = await resolvePublicCode(code);
	if (!target) throw refusal(404, 'error_public_code_unknown');
	if (target.replaced) throw refusal(410, 'error_public_code_replaced');
	const place = await placeOf(target.communityId, target.buildingId, null);
	const recipientId = await recipientOf(target.communityId, place);
	if (!recipientId) throw refusal(404, 'error_public_code_unknown');
	return { code, communityId: target.communityId, buildingId: target.buildingId, place, recipientId };
}

/** `residentReportRecipient` over the community's active staff, each list in username order. */
async function recipientOf(communityId: string, place: MatterPlace): Promise<string | null> {
	const staff = await db()
		.select({ userId: memberships.userId, role: memberships.role, gridId: memberships.gridId, microGridId: memberships.microGridId })
		.from(memberships)
		.innerJoin(users, eq(users.id, memberships.userId))
		.where(and(eq(memberships.communityId, communityId), inArray(memberships.role, ['liaison', 'chief', 'secretary']), isNull(users.disabledAt)))
		.orderBy(asc(users.username));
	const ids = (keep: (row: (typeof staff)[number]) => boolean) => staff.filter(keep).map((row) => row.userId);
	return residentReportRecipient({
		liaisonIds: place.microGridId ? ids((row) => row.role === 'liaison' && row.microGridId === place.microGridId) : [],
		chiefIds: place.gridId ? ids((row) => row.role === 'chief' && row.gridId === place.gridId) : [],
		secretaryIds: ids((row) => row.role === 'secretary')
	});
}
