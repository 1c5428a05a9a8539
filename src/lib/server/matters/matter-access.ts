import { eq } from 'drizzle-orm';
import { mayListCommunity, maySeeMatter, standingIn, type Standing } from '../../domain/permissions';
import type { MatterState } from '../../domain/matters';
import type { Principal } from '../../domain/roles';
import type { SessionUser } from '../auth';
import { getCommunity, type CommunityRef } from '../community';
import { db } from '../db';
import { compounds, matters } from '../db/schema';
import { principalOf } from '../guards';
import { refusal } from '../refusal';

export type MatterRow = typeof matters.$inferSelect;

/** Who asks about the matters of a community, and their standing in it. */
export type MatterActor = { principal: Principal; community: CommunityRef; standing: Standing };

/**
 * Anyone who may list the community: its members, the street office, and the property
 * companies that run a compound in it (they then see only what is routed to them). 401 when
 * signed out, 403 otherwise, the same for a community that does not exist.
 */
export async function matterActor(user: SessionUser | null, communityId: string): Promise<MatterActor> {
	if (!user) throw refusal(401, 'error_not_signed_in');
	const principal = principalOf(user);
	const community = await getCommunity(communityId);
	if (!community) throw refusal(403, 'error_community_forbidden');
	const operated = await db().select({ orgId: compounds.propertyOrgId }).from(compounds).where(eq(compounds.communityId, community.id));
	const propertyOrgIds = operated.map((c) => c.orgId).filter((id): id is string => !!id);
	if (!mayListCommunity(principal, { ...community, propertyOrgIds })) throw refusal(403, 'error_community_forbidden');
	return { principal, community, standing: standingIn(principal, community) };
}

export function matterState(row: Pick<MatterRow, keyof MatterState>): MatterState {
	return {
		gridId: row.gridId,
		microGridId: row.microGridId,
		reportedBy: row.reportedBy,
		urgent: row.urgent,
		destination: row.destination,
		status: row.status,
		extensionPending: row.extensionPending
	};
}

export async function matterRow(matterId: string): Promise<MatterRow | null> {
	if (matterId.length > 64) return null;
	const [row] = await db().select().from(matters).where(eq(matters.id, matterId));
	return row ?? null;
}

/**
 * A matter the user may see, with the user's standing in its community. 404 both when it does
 * not exist and when the user may not see it, so a guessed id tells nothing.
 */
export async function visibleMatter(user: SessionUser | null, matterId: string): Promise<{ row: MatterRow; actor: MatterActor }> {
	if (!user) throw refusal(401, 'error_not_signed_in');
	const row = await matterRow(matterId);
	if (!row) throw refusal(404, 'error_matter_not_found');
	const principal = principalOf(user);
	const community = await getCommunity(row.communityId);
	if (!community) throw refusal(404, 'error_matter_not_found');
	const standing = standingIn(principal, community);
	if (!maySeeMatter(standing, matterState(row))) throw refusal(404, 'error_matter_not_found');
	return { row, actor: { principal, community, standing } };
}
