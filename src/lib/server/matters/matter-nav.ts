import type { Standing } from '../../domain/permissions';
import type { SessionUser } from '../auth';
import { matterBadge } from './matter-badge';
import { matterCommunityOf } from './matter-community';

/** The 事项 nav entry: whose community's matters, and the badge. */
export type MatterNav = { communityId: string; badge: number };

/**
 * For whoever may list a community's matters: members and the street office in the community
 * they view (`standing`), a property company in a community where it runs a compound.
 */
export async function matterNav(user: SessionUser, url: URL, standing: Standing | null): Promise<MatterNav | null> {
	if (standing) return { communityId: standing.communityId, badge: await matterBadge(standing) };
	if (!user.memberships.some((m) => m.role === 'property')) return null;
	const actor = await matterCommunityOf(user, url);
	return actor ? { communityId: actor.community.id, badge: await matterBadge(actor.standing) } : null;
}
