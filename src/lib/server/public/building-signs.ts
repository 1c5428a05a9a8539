import { and, eq, inArray, isNull } from 'drizzle-orm';
import { buildingSigns, type BuildingSign, type PersonForPublic } from '../../domain/public-sign';
import { loadStructure, type CommunityStructure } from '../community';
import { db } from '../db';
import { communities, memberships, users } from '../db/schema';

/**
 * The signs of some buildings of a community (`buildingSigns` in the domain decides what each
 * shows): for the print page, which staff open, and for the resident page, which anyone opens.
 * Callers check who asks; this only reads. A caller that has the community's structure already
 * passes it (`loaded`), so it is not read twice.
 */
export async function loadBuildingSigns(communityId: string, buildingIds: readonly string[], loaded?: CommunityStructure): Promise<BuildingSign[]> {
	if (buildingIds.length === 0) return [];
	const [structure, [community]] = await Promise.all([
		loaded ?? loadStructure(communityId),
		db().select({ name: communities.name, hotline: communities.hotline }).from(communities).where(eq(communities.id, communityId))
	]);
	if (!community) return [];
	const orgIds = [...new Set(structure.compounds.flatMap((c) => (c.propertyOrgId ? [c.propertyOrgId] : [])))];
	const memberIds = [...new Set(structure.members.map((m) => m.id))];
	const [consentRows, staffRows] = await Promise.all([
		memberIds.length === 0
			? []
			: db().select({ id: users.id, publicContact: users.publicContact }).from(users).where(inArray(users.id, memberIds)),
		orgIds.length === 0
			? []
			: db()
					// The username orders the rows, so SELECT DISTINCT must select it too.
					.selectDistinct({
						orgId: memberships.orgId,
						id: users.id,
						// SELECT DISTINCT orders only by what it selects.
						username: users.username,
						displayName: users.displayName,
						phone: users.phone,
						partyMember: users.partyMember,
						publicContact: users.publicContact
					})
					.from(memberships)
					.innerJoin(users, eq(users.id, memberships.userId))
					.where(and(eq(memberships.role, 'property'), inArray(memberships.orgId, orgIds), eq(users.partyMember, true), isNull(users.disabledAt)))
					.orderBy(users.username)
	]);
	const consent = new Map(consentRows.map((row) => [row.id, row.publicContact]));
	const people = new Map<string, PersonForPublic>(
		structure.members.map((m) => [m.id, { displayName: m.displayName, phone: m.phone, partyMember: m.partyMember, publicContact: consent.get(m.id) ?? false }])
	);
	const redPropertyByOrg = new Map<string, PersonForPublic[]>();
	for (const row of staffRows) {
		if (!row.orgId) continue;
		const list = redPropertyByOrg.get(row.orgId) ?? [];
		list.push(row);
		redPropertyByOrg.set(row.orgId, list);
	}
	return buildingSigns(
		{
			communityName: community.name,
			hotline: community.hotline,
			grids: structure.grids,
			microGrids: structure.microGrids,
			buildings: structure.buildings,
			compounds: structure.compounds,
			people,
			redPropertyByOrg
		},
		buildingIds
	);
}
