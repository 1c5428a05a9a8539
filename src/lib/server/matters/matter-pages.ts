import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import { offeredMatterActions } from '../../domain/matter-offers';
import type { MatterDetailData, MatterListData, RouteChoices } from '../../domain/matter-pages';
import { listViewsOf } from '../../domain/matter-queue';
import type { MatterDestination } from '../../domain/matters';
import { sortRoles, type Role } from '../../domain/roles';
import type { SessionUser } from '../auth';
import { db } from '../db';
import { buildings, compounds, memberships, orgs, users } from '../db/schema';
import { matterState, visibleMatter, type MatterActor, type MatterRow } from './matter-access';
import { communityCategories } from './matter-categories';
import { listMatters, matterView } from './matter-records';
import { destinationNames } from './matter-names';

/** How many finished matters the list reads besides every open one. */
const finishedShown = 200;
const openLimit = 2000;

/** The matter list of a community as the actor may see it, with the views its roles get. */
export async function matterListData(actor: MatterActor): Promise<MatterListData> {
	const { standing, community } = actor;
	const [open, finished, categories] = await Promise.all([
		listMatters(standing, { statuses: ['unverified', 'reported', 'routed', 'accepted', 'resolved'], limit: openLimit }),
		listMatters(standing, { statuses: ['closed', 'rejected', 'merged'], limit: finishedShown }),
		communityCategories(community.id, { withRetired: true })
	]);
	const matters = [...open.matters, ...finished.matters].sort((a, b) => b.reportedAt - a.reportedAt || b.id.localeCompare(a.id));
	return {
		community: { id: community.id, name: community.name },
		standing,
		categories,
		matters,
		truncated: open.truncated || finished.truncated,
		views: listViewsOf(standing, matters)
	};
}

/** One matter with its timeline, and what the viewer may do with it now; 404 when it may not see it. */
export async function matterDetailData(user: SessionUser | null, matterId: string): Promise<MatterDetailData> {
	const { row, actor } = await visibleMatter(user, matterId);
	const offered = offeredMatterActions(actor.standing, matterState(row));
	const [matter, categories, routeChoices] = await Promise.all([
		matterView(row, actor.standing),
		communityCategories(row.communityId, { withRetired: true }),
		offered.includes('route') ? routeChoicesFor(actor, row) : null
	]);
	const named = matter.events.map((event) => (isDestination(event.detail.destination) ? event.detail.destination : null));
	const nameOf = await destinationNames(named);
	return {
		community: { id: actor.community.id, name: actor.community.name },
		matter,
		categories,
		offered,
		routeChoices,
		eventDestinations: named.map(nameOf)
	};
}

function isDestination(value: unknown): value is MatterDestination {
	const kind = (value as { kind?: unknown } | null)?.kind;
	return kind === 'property' || kind === 'community' || kind === 'street';
}

const staffRoles: Role[] = ['secretary', 'chief', 'liaison'];

async function routeChoicesFor(actor: MatterActor, row: MatterRow): Promise<RouteChoices> {
	const communityId = actor.community.id;
	const [company] = row.buildingId
		? await db()
				.select({ orgId: orgs.id, name: orgs.name })
				.from(buildings)
				.innerJoin(compounds, eq(compounds.id, buildings.compoundId))
				.innerJoin(orgs, eq(orgs.id, compounds.propertyOrgId))
				.where(eq(buildings.id, row.buildingId))
		: [];
	const memberRows = await db()
		.select({ id: users.id, displayName: users.displayName, role: memberships.role })
		.from(memberships)
		.innerJoin(users, eq(users.id, memberships.userId))
		.where(and(eq(memberships.communityId, communityId), inArray(memberships.role, staffRoles), isNull(users.disabledAt)))
		.orderBy(asc(users.username));
	const staff = new Map<string, { id: string; displayName: string; roles: Role[] }>();
	for (const member of memberRows) {
		const entry = staff.get(member.id) ?? { id: member.id, displayName: member.displayName, roles: [] };
		entry.roles.push(member.role);
		staff.set(member.id, entry);
	}
	const byRole = [...staff.values()].map(({ id, displayName, roles }) => ({ id, displayName, role: sortRoles(roles)[0] }));
	byRole.sort((a, b) => staffRoles.indexOf(a.role) - staffRoles.indexOf(b.role));
	return { property: company ?? null, staff: byRole, street: actor.community.streetName };
}
