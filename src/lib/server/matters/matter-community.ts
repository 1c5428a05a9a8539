import { mayWrite } from '../../domain/permissions';
import type { SessionUser } from '../auth';
import { listCommunitiesFor } from '../community';
import { pickCommunity, principalOf } from '../guards';
import { matterActor, type MatterActor } from './matter-access';

/**
 * The community whose matters a page lists, among those the user may list (`mayListCommunity`:
 * its members, the street office, the property companies running a compound there):
 * `?community=` when it is one of them, else where the user works, else the first. Null when
 * there is none.
 */
export async function matterCommunityOf(user: SessionUser, url: URL): Promise<MatterActor | null> {
	const listed = await listCommunitiesFor(principalOf(user));
	if (listed.length === 0) return null;
	const wanted = url.searchParams.get('community');
	const worksIn = pickCommunity(user, url, mayWrite);
	const chosen = listed.find((c) => c.id === wanted) ?? listed.find((c) => c.id === worksIn) ?? listed[0];
	return matterActor(user, chosen.id);
}
