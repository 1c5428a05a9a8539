import { and, asc, count, eq, inArray, isNull } from 'drizzle-orm';
import { mayListCommunity, mayViewCommunity, standingIn } from '../domain/permissions';
import type { PersonSummary, Principal, Role } from '../domain/roles';
import { sortRoles } from '../domain/roles';
import { db, type Tx } from './db';
import {
	buildings,
	communities,
	compounds,
	grids,
	households,
	memberships,
	microGrids,
	orgs,
	streets,
	users
} from './db/schema';
import { personColumns } from './db/selections';

export type CommunityRef = { id: string; name: string; streetId: string; streetName: string };

export async function getCommunity(communityId: string): Promise<CommunityRef | null> {
	const [row] = await db()
		.select({ id: communities.id, name: communities.name, streetId: streets.id, streetName: streets.name })
		.from(communities)
		.innerJoin(streets, eq(streets.id, communities.streetId))
		.where(eq(communities.id, communityId));
	return row ?? null;
}

/** The communities a user may pick, in name order. */
export async function listCommunitiesFor(principal: Principal): Promise<{ id: string; name: string; streetName: string }[]> {
	const rows = await db()
		.select({ id: communities.id, name: communities.name, streetId: streets.id, streetName: streets.name })
		.from(communities)
		.innerJoin(streets, eq(streets.id, communities.streetId))
		.orderBy(asc(communities.name));
	const operated = await db().select({ communityId: compounds.communityId, orgId: compounds.propertyOrgId }).from(compounds);
	return rows
		.filter((community) =>
			mayListCommunity(principal, {
				...community,
				propertyOrgIds: operated.filter((c) => c.communityId === community.id && c.orgId).map((c) => c.orgId!)
			})
		)
		.map(({ id, name, streetName }) => ({ id, name, streetName }));
}

export async function canView(principal: Principal, communityId: string): Promise<CommunityRef | null> {
	const community = await getCommunity(communityId);
	return community && mayViewCommunity(standingIn(principal, community)) ? community : null;
}

export type Member = PersonSummary & {
	role: Role;
	gridId: string | null;
	microGridId: string | null;
};

export type CommunityStructure = {
	grids: { id: string; name: string; chiefIds: string[] }[];
	microGrids: { id: string; gridId: string; name: string; liaisonIds: string[] }[];
	buildings: {
		id: string;
		label: string;
		gridId: string | null;
		microGridId: string | null;
		compoundId: string | null;
		units: number;
		floors: number;
		roomsPerFloor: number;
		households: number;
	}[];
	compounds: { id: string; name: string; propertyOrgId: string | null; propertyOrgName: string | null }[];
	members: Member[];
};

/** How many households each building of a community (or only `buildingIds` of it) has; buildings without any are absent. */
export async function householdCounts(communityId: string, buildingIds?: readonly string[], tx: Tx = db()): Promise<Map<string, number>> {
	if (buildingIds?.length === 0) return new Map();
	const rows = await tx
		.select({ buildingId: households.buildingId, n: count() })
		.from(households)
		.innerJoin(buildings, eq(buildings.id, households.buildingId))
		.where(and(eq(buildings.communityId, communityId), buildingIds && inArray(households.buildingId, [...new Set(buildingIds)])))
		.groupBy(households.buildingId);
	return new Map(rows.map((row) => [row.buildingId, row.n]));
}

/** The household codes of each of `buildingIds`, in door order (unit, floor, room); buildings without any are absent. */
export async function householdCodesByBuilding(buildingIds: readonly string[]): Promise<Map<string, string[]>> {
	const byBuilding = new Map<string, string[]>();
	if (buildingIds.length === 0) return byBuilding;
	const rows = await db()
		.select({ buildingId: households.buildingId, code: households.code })
		.from(households)
		.where(inArray(households.buildingId, [...new Set(buildingIds)]))
		.orderBy(asc(households.buildingId), asc(households.unit), asc(households.floor), asc(households.room), asc(households.code));
	for (const { buildingId, code } of rows) {
		const list = byBuilding.get(buildingId);
		if (list) list.push(code);
		else byBuilding.set(buildingId, [code]);
	}
	return byBuilding;
}

/** Grids, micro-grids, buildings with household counts and active members of one community. */
export async function loadStructure(communityId: string): Promise<CommunityStructure> {
	const [gridRows, microRows, buildingRows, householdCountOf, compoundRows, memberRows] = await Promise.all([
		db().select({ id: grids.id, name: grids.name }).from(grids).where(eq(grids.communityId, communityId)).orderBy(asc(grids.sortOrder), asc(grids.name), asc(grids.id)),
		db()
			.select({ id: microGrids.id, gridId: microGrids.gridId, name: microGrids.name })
			.from(microGrids)
			.where(eq(microGrids.communityId, communityId))
			.orderBy(asc(microGrids.sortOrder), asc(microGrids.name)),
		db()
			.select({
				id: buildings.id,
				label: buildings.label,
				microGridId: buildings.microGridId,
				compoundId: buildings.compoundId,
				units: buildings.units,
				floors: buildings.floors,
				roomsPerFloor: buildings.roomsPerFloor
			})
			.from(buildings)
			.where(eq(buildings.communityId, communityId)),
		householdCounts(communityId),
		db()
			.select({ id: compounds.id, name: compounds.name, propertyOrgId: compounds.propertyOrgId, propertyOrgName: orgs.name })
			.from(compounds)
			.leftJoin(orgs, eq(orgs.id, compounds.propertyOrgId))
			.where(eq(compounds.communityId, communityId)),
		db()
			.select({
				...personColumns,
				role: memberships.role,
				gridId: memberships.gridId,
				microGridId: memberships.microGridId
			})
			.from(memberships)
			.innerJoin(users, eq(users.id, memberships.userId))
			.where(and(eq(memberships.communityId, communityId), isNull(users.disabledAt)))
			.orderBy(asc(users.username))
	]);
	const gridOfMicroGrid = new Map(microRows.map((micro) => [micro.id, micro.gridId]));
	const idsOf = (role: Role, key: 'gridId' | 'microGridId', value: string) =>
		memberRows.filter((m) => m.role === role && m[key] === value).map((m) => m.id);

	return {
		grids: gridRows.map((grid) => ({ ...grid, chiefIds: idsOf('chief', 'gridId', grid.id) })),
		microGrids: microRows.map((micro) => ({ ...micro, liaisonIds: idsOf('liaison', 'microGridId', micro.id) })),
		buildings: buildingRows
			.map((building) => ({
				...building,
				gridId: building.microGridId ? (gridOfMicroGrid.get(building.microGridId) ?? null) : null,
				households: householdCountOf.get(building.id) ?? 0
			}))
			.sort((a, b) => a.label.localeCompare(b.label, 'zh-CN', { numeric: true })),
		compounds: compoundRows,
		members: memberRows
	};
}

/** The API shape of `GET /api/communities/:id/structure`: one entry per user, its main role. */
export function structureForApi(structure: CommunityStructure) {
	const users = new Map<string, { id: string; username: string; displayName: string; role: Role; roles: Role[] }>();
	for (const member of structure.members) {
		const entry = users.get(member.id);
		if (entry) entry.roles = sortRoles([...entry.roles, member.role]);
		else users.set(member.id, { id: member.id, username: member.username, displayName: member.displayName, role: member.role, roles: [member.role] });
	}
	for (const entry of users.values()) entry.role = entry.roles[0];
	return {
		grids: structure.grids,
		microGrids: structure.microGrids,
		buildings: structure.buildings.map(({ id, label, gridId, microGridId, compoundId, households }) => ({
			id,
			label,
			gridId,
			microGridId,
			compoundId,
			households
		})),
		users: [...users.values()]
	};
}

export async function communityIdsOfOrg(orgId: string): Promise<string[]> {
	const rows = await db().select({ communityId: compounds.communityId }).from(compounds).where(eq(compounds.propertyOrgId, orgId));
	return [...new Set(rows.map((r) => r.communityId))];
}

export async function communitiesOfStreet(streetId: string) {
	return db().select({ id: communities.id, name: communities.name }).from(communities).where(eq(communities.streetId, streetId)).orderBy(asc(communities.name));
}

export async function orgsByIds(ids: string[]) {
	if (ids.length === 0) return [];
	return db().select().from(orgs).where(inArray(orgs.id, ids));
}
