import { eq, inArray } from 'drizzle-orm';
import type { CommunityView, Contact, GridView, LiaisonView } from '../domain/home-view';
import { isOwnBuilding, standingIn } from '../domain/permissions';
import type { Principal } from '../domain/roles';
import { communitiesOfStreet, getCommunity, householdCodesByBuilding, loadStructure, type CommunityStructure, type Member } from './community';
import { compoundsOfOrg } from './compounds';
import { db } from './db';
import { orgs, streets } from './db/schema';

const contact = ({ id, displayName, phone, partyMember }: Member): Contact => ({ id, displayName, phone, partyMember });

function totals(structure: CommunityStructure, buildingIds?: Set<string>) {
	const list = buildingIds ? structure.buildings.filter((b) => buildingIds.has(b.id)) : structure.buildings;
	return { buildings: list.length, households: list.reduce((sum, b) => sum + b.households, 0) };
}

function membersOf(structure: CommunityStructure, ids: string[]): Contact[] {
	const byId = new Map(structure.members.map((m) => [m.id, m]));
	return ids.flatMap((id) => (byId.has(id) ? [contact(byId.get(id)!)] : []));
}

/**
 * `codes`: the household codes of the liaison's buildings, sent as `households` (the count as
 * `householdCount`, the shape of the task pages' buildings) so their task figures are the board's.
 */
function liaisonView(structure: CommunityStructure, microGridIds: readonly string[], codes: ReadonlyMap<string, string[]>): LiaisonView[] {
	const compoundName = new Map(structure.compounds.map((c) => [c.id, c.name]));
	return structure.microGrids
		.filter((micro) => microGridIds.includes(micro.id))
		.map((micro) => {
			const grid = structure.grids.find((g) => g.id === micro.gridId);
			const list = structure.buildings.filter((b) => b.microGridId === micro.id);
			return {
				id: micro.id,
				name: micro.name,
				gridName: grid?.name ?? '',
				chiefs: membersOf(structure, grid?.chiefIds ?? []),
				buildings: list.map((b) => ({ ...b, compoundName: b.compoundId ? compoundName.get(b.compoundId) ?? '' : '', households: codes.get(b.id) ?? [], householdCount: b.households })),
				totals: totals(structure, new Set(list.map((b) => b.id)))
			};
		});
}

function gridView(structure: CommunityStructure, gridId: string): GridView | null {
	const grid = structure.grids.find((g) => g.id === gridId);
	if (!grid) return null;
	const micros = structure.microGrids.filter((micro) => micro.gridId === gridId);
	const ids = new Set(structure.buildings.filter((b) => b.gridId === gridId).map((b) => b.id));
	return {
		id: grid.id,
		name: grid.name,
		chiefs: membersOf(structure, grid.chiefIds),
		totals: { ...totals(structure, ids), microGrids: micros.length },
		microGrids: micros.map((micro) => {
			const list = structure.buildings.filter((b) => b.microGridId === micro.id);
			return {
				id: micro.id,
				name: micro.name,
				liaisons: membersOf(structure, micro.liaisonIds),
				buildingLabels: list.map((b) => b.label),
				totals: totals(structure, new Set(list.map((b) => b.id)))
			};
		})
	};
}

function communityView(structure: CommunityStructure): CommunityView {
	const liaisons = structure.members.filter((m) => m.role === 'liaison');
	return {
		totals: {
			...totals(structure),
			grids: structure.grids.length,
			microGrids: structure.microGrids.length,
			chiefs: new Set(structure.members.filter((m) => m.role === 'chief').map((m) => m.id)).size,
			liaisons: new Set(liaisons.map((m) => m.id)).size,
			partyLiaisons: new Set(liaisons.filter((m) => m.partyMember).map((m) => m.id)).size
		},
		grids: structure.grids.map((grid) => gridView(structure, grid.id)!)
	};
}

/** Everything the home page shows, one section per role the user holds. */
export async function loadHome(principal: Principal) {
	const communityIds = [...new Set(principal.memberships.map((m) => m.communityId).filter((id): id is string => !!id))];
	const sections = [];
	for (const communityId of communityIds) {
		const community = await getCommunity(communityId);
		if (!community) continue;
		const structure = await loadStructure(communityId);
		const standing = standingIn(principal, community);
		const liaisonBuildings = structure.buildings.filter((b) => isOwnBuilding(standing, b)).map((b) => b.id);
		const codes = await householdCodesByBuilding(liaisonBuildings);
		sections.push({
			community,
			secretary: standing.secretary ? communityView(structure) : null,
			chief: standing.chiefGridIds.map((gridId) => gridView(structure, gridId)).filter((g) => g !== null),
			liaison: liaisonView(structure, standing.liaisonMicroGridIds, codes)
		});
	}
	return { communities: sections, property: await propertyView(principal), street: await streetView(principal) };
}

async function propertyView(principal: Principal) {
	const orgIds = principal.memberships.filter((m) => m.role === 'property' && m.orgId).map((m) => m.orgId!);
	if (orgIds.length === 0) return [];
	const orgRows = await db().select().from(orgs).where(inArray(orgs.id, orgIds));
	return Promise.all(
		orgRows.map(async (org) => {
			return { id: org.id, name: org.name, compounds: await compoundsOfOrg(org.id) };
		})
	);
}

async function streetView(principal: Principal) {
	const streetIds = principal.memberships.filter((m) => m.role === 'street' && m.streetId).map((m) => m.streetId!);
	return Promise.all(
		streetIds.map(async (streetId) => {
			const [street] = await db().select().from(streets).where(eq(streets.id, streetId));
			const list = await communitiesOfStreet(streetId);
			const withTotals = await Promise.all(
				list.map(async (community) => ({ ...community, ...communityView(await loadStructure(community.id)).totals }))
			);
			return { id: streetId, name: street?.name ?? '', communities: withTotals };
		})
	);
}

export type HomeData = Awaited<ReturnType<typeof loadHome>>;
