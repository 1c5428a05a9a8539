export const roles = ['secretary', 'chief', 'liaison', 'property', 'street'] as const;
export type Role = (typeof roles)[number];

export const affiliations = [
	'community_staff',
	'property_staff',
	'resident_volunteer',
	'enterprise_party'
] as const;
export type Affiliation = (typeof affiliations)[number];

/** A role together with the one place it applies to. Unused scope fields are null. */
export type Membership = {
	role: Role;
	streetId: string | null;
	communityId: string | null;
	gridId: string | null;
	microGridId: string | null;
	orgId: string | null;
};

export type Principal = {
	userId: string;
	memberships: readonly Membership[];
};

export function membership(role: Role, scope: Partial<Omit<Membership, 'role'>>): Membership {
	return {
		role,
		streetId: scope.streetId ?? null,
		communityId: scope.communityId ?? null,
		gridId: scope.gridId ?? null,
		microGridId: scope.microGridId ?? null,
		orgId: scope.orgId ?? null
	};
}

/** The roles of a principal, most powerful first, without repeats. */
export function rolesOf(principal: Principal): Role[] {
	const held = new Set(principal.memberships.map((m) => m.role));
	return roles.filter((role) => held.has(role));
}

/** Roles most powerful first, without repeats. */
export function sortRoles(list: readonly Role[]): Role[] {
	const held = new Set(list);
	return roles.filter((role) => held.has(role));
}

/** What every screen may show of a person; residents never appear, only staff and volunteers. */
export type PersonSummary = {
	id: string;
	username: string;
	displayName: string;
	phone: string;
	partyMember: boolean;
	affiliation: string;
};
