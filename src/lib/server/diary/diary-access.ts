/**
 * Whose diary a request is about and what the caller may do with it. A diary belongs to a
 * liaison in one community; the caller's standing there decides (`permissions.ts`). Someone
 * with no part in any community's diaries (a property company) is refused with 403 before any
 * look-up; a diary the caller may not read answers 404, so a guessed user id tells nothing.
 */
import { and, asc, eq } from 'drizzle-orm';
import { mayReadDiary, mayTakePartInDiaries, standingIn, type DiaryOwner, type Standing } from '../../domain/permissions';
import type { Principal } from '../../domain/roles';
import type { SessionUser } from '../auth';
import { getCommunity, type CommunityRef } from '../community';
import { db } from '../db';
import { memberships, microGrids, users } from '../db/schema';
import { principalOf } from '../guards';
import { refusal, type HttpRefusal } from '../refusal';

/** A diary in one community, the person it belongs to, and the caller's standing there. */
export type DiaryTarget = {
	community: CommunityRef;
	owner: DiaryOwner & { name: string };
	standing: Standing;
	principal: Principal;
};

/** Signed in, and holding a role that takes part in diaries somewhere. */
export function requireDiaryUser(user: SessionUser | null): SessionUser {
	if (!user) throw refusal(401, 'error_not_signed_in');
	if (!mayTakePartInDiaries(principalOf(user))) throw refusal(403, 'error_diary_forbidden');
	return user;
}

/** The micro-grids (with their grids) a person serves as liaison, by community. */
async function liaisonPlaces(userId: string): Promise<Map<string, { gridId: string; microGridId: string }[]>> {
	const rows = await db()
		.select({ communityId: memberships.communityId, microGridId: microGrids.id, gridId: microGrids.gridId })
		.from(memberships)
		.innerJoin(microGrids, eq(microGrids.id, memberships.microGridId))
		.where(and(eq(memberships.userId, userId), eq(memberships.role, 'liaison')))
		.orderBy(asc(memberships.createdAt));
	const byCommunity = new Map<string, { gridId: string; microGridId: string }[]>();
	for (const row of rows) {
		if (!row.communityId) continue;
		const list = byCommunity.get(row.communityId) ?? [];
		list.push({ gridId: row.gridId, microGridId: row.microGridId });
		byCommunity.set(row.communityId, list);
	}
	return byCommunity;
}

type TargetOptions = {
	/** The policy function to satisfy; reading by default. */
	may?: (s: Standing, owner: DiaryOwner) => boolean;
	/** What to answer when there is no such diary: 404 by default. */
	missing?: () => HttpRefusal;
};

/**
 * The diary of `ownerId` the caller may read (or `may`): in `communityId` when given, else in
 * the first community where it applies.
 */
export async function diaryTarget(
	user: SessionUser | null,
	ownerId: string,
	communityId?: string,
	{ may = mayReadDiary, missing = () => refusal(404, 'error_diary_not_found') }: TargetOptions = {}
): Promise<DiaryTarget> {
	const caller = requireDiaryUser(user);
	const principal = principalOf(caller);
	const places = await liaisonPlaces(ownerId);
	const candidates = [...places.keys()].filter((id) => communityId === undefined || id === communityId);
	for (const id of candidates) {
		const community = await getCommunity(id);
		if (!community) continue;
		const standing = standingIn(principal, community);
		const owner = { userId: ownerId, places: places.get(id)! };
		// Asking to write a diary one may read is 403, not 404: the caller knows it exists.
		if (!may(standing, owner)) {
			if (mayReadDiary(standing, owner)) throw refusal(403, 'error_diary_forbidden');
			continue;
		}
		const [person] = await db().select({ name: users.displayName }).from(users).where(eq(users.id, ownerId));
		return { community, owner: { ...owner, name: person?.name ?? '' }, standing, principal };
	}
	throw missing();
}
