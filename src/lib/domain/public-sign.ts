/**
 * What a building tells the public: on its printed sign (公示牌) and on its resident page
 * (`/b/<code>`). One rule for both: a person's phone is shown only with their consent
 * (`publicContact`); without it the community's hotline stands in. Residents' names never appear.
 */

/** A person as the public may see them. `phone` is null without consent: show the hotline. */
export type PublicContact = { name: string; phone: string | null; partyMember: boolean };

export type BuildingSign = {
	buildingId: string;
	label: string;
	households: number;
	communityName: string;
	compoundName: string | null;
	gridName: string | null;
	microGrid: { id: string; name: string; buildingLabels: string[]; households: number } | null;
	liaisons: PublicContact[];
	chiefs: PublicContact[];
	propertyCompany: string | null;
	/** The compound's property staff who are party members (红色物业). */
	redProperty: PublicContact[];
	hotline: string;
};

/** What the rule looks at of a person. */
export type PersonForPublic = { displayName: string; phone: string; partyMember: boolean; publicContact: boolean };

export function publicContactOf(person: PersonForPublic): PublicContact {
	const phone = person.phone.trim();
	return { name: person.displayName, phone: person.publicContact && phone ? phone : null, partyMember: person.partyMember };
}

/** What the sources know: the community's structure and people, as the server loads them. */
export type SignSources = {
	communityName: string;
	hotline: string;
	grids: { id: string; name: string; chiefIds: string[] }[];
	microGrids: { id: string; gridId: string; name: string; liaisonIds: string[] }[];
	buildings: { id: string; label: string; microGridId: string | null; compoundId: string | null; households: number }[];
	compounds: { id: string; name: string; propertyOrgId: string | null; propertyOrgName: string | null }[];
	people: Map<string, PersonForPublic>;
	/** Party-member property staff by company id. */
	redPropertyByOrg: Map<string, PersonForPublic[]>;
};

const byLabel = (a: string, b: string) => a.localeCompare(b, 'zh-CN', { numeric: true });

/** The sign of each building, in the order asked; unknown ids are left out. */
export function buildingSigns(sources: SignSources, buildingIds: readonly string[]): BuildingSign[] {
	const buildings = new Map(sources.buildings.map((b) => [b.id, b]));
	const microGrids = new Map(sources.microGrids.map((m) => [m.id, m]));
	const grids = new Map(sources.grids.map((g) => [g.id, g]));
	const compounds = new Map(sources.compounds.map((c) => [c.id, c]));
	const contacts = (ids: readonly string[]) => ids.flatMap((id) => (sources.people.has(id) ? [publicContactOf(sources.people.get(id)!)] : []));

	return buildingIds.flatMap((id) => {
		const building = buildings.get(id);
		if (!building) return [];
		const micro = building.microGridId ? microGrids.get(building.microGridId) : undefined;
		const grid = micro ? grids.get(micro.gridId) : undefined;
		const compound = building.compoundId ? compounds.get(building.compoundId) : undefined;
		const members = micro ? sources.buildings.filter((b) => b.microGridId === micro.id) : [];
		const sign: BuildingSign = {
			buildingId: building.id,
			label: building.label,
			households: building.households,
			communityName: sources.communityName,
			compoundName: compound?.name ?? null,
			gridName: grid?.name ?? null,
			microGrid: micro
				? {
						id: micro.id,
						name: micro.name,
						buildingLabels: members.map((b) => b.label).sort(byLabel),
						households: members.reduce((sum, b) => sum + b.households, 0)
					}
				: null,
			liaisons: contacts(micro?.liaisonIds ?? []),
			chiefs: contacts(grid?.chiefIds ?? []),
			propertyCompany: compound?.propertyOrgName ?? null,
			redProperty: (compound?.propertyOrgId ? (sources.redPropertyByOrg.get(compound.propertyOrgId) ?? []) : [])
				.filter((person) => person.partyMember)
				.map(publicContactOf),
			hotline: sources.hotline
		};
		return [sign];
	});
}
