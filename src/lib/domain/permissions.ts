import type { Membership, Principal, Role } from './roles';

/** Where a piece of community structure sits; callers resolve it from the database. */
export type StructurePlace = {
	communityId: string;
	gridId?: string | null;
	microGridId?: string | null;
};

export type CommunityRef = { id: string; streetId: string };

const communityRoles: readonly Role[] = ['secretary', 'chief', 'liaison'];

function held(principal: Principal, test: (m: Membership) => boolean): boolean {
	return principal.memberships.some(test);
}

export function isSecretaryOf(principal: Principal, communityId: string): boolean {
	return held(principal, (m) => m.role === 'secretary' && m.communityId === communityId);
}

export function isChiefOf(principal: Principal, gridId: string): boolean {
	return held(principal, (m) => m.role === 'chief' && m.gridId === gridId);
}

export function isLiaisonOf(principal: Principal, microGridId: string): boolean {
	return held(principal, (m) => m.role === 'liaison' && m.microGridId === microGridId);
}

/** Secretary, chief or liaison of the community: the people who work inside it. */
export function isMemberOf(principal: Principal, communityId: string): boolean {
	return held(principal, (m) => communityRoles.includes(m.role) && m.communityId === communityId);
}

export function chiefGridIds(principal: Principal, communityId?: string): string[] {
	return principal.memberships
		.filter((m) => m.role === 'chief' && m.gridId && (!communityId || m.communityId === communityId))
		.map((m) => m.gridId as string);
}

export function liaisonMicroGridIds(principal: Principal, communityId?: string): string[] {
	return principal.memberships
		.filter(
			(m) => m.role === 'liaison' && m.microGridId && (!communityId || m.communityId === communityId)
		)
		.map((m) => m.microGridId as string);
}

/** Community structure, people and live coverage: members, and the street office read-only. */
export function canViewCommunity(principal: Principal, community: CommunityRef): boolean {
	return (
		isMemberOf(principal, community.id) ||
		held(principal, (m) => m.role === 'street' && m.streetId === community.streetId)
	);
}

/**
 * Communities a user may pick: those it can view, and for a property company the
 * communities where it runs a compound (it will work matters there, nothing else).
 */
export function canListCommunity(
	principal: Principal,
	community: CommunityRef & { propertyOrgIds: readonly string[] }
): boolean {
	return (
		canViewCommunity(principal, community) ||
		held(principal, (m) => m.role === 'property' && !!m.orgId && community.propertyOrgIds.includes(m.orgId))
	);
}

export function canManagePeople(principal: Principal, communityId: string): boolean {
	return isSecretaryOf(principal, communityId);
}

/**
 * How far a secretary's people management reaches: the community's own roles, and the
 * property companies that run compounds in this community and in no other.
 */
export type PeopleScope = { communityId: string; ownOrgIds: readonly string[] };

function insidePeopleScope(m: Membership, scope: PeopleScope): boolean {
	if (communityRoles.includes(m.role)) return m.communityId === scope.communityId;
	return m.role === 'property' && !!m.orgId && scope.ownOrgIds.includes(m.orgId);
}

/**
 * Editing, disabling, resetting the password of, or giving a role to a person: only when every
 * role the person holds lies inside the manager's reach. Otherwise a secretary could take over
 * the street office's account, another company's or another community's.
 */
export function canManagePerson(principal: Principal, scope: PeopleScope, person: readonly Membership[]): boolean {
	return canManagePeople(principal, scope.communityId) && person.every((m) => insidePeopleScope(m, scope));
}

/**
 * Who may be made a chief or liaison of this community from the map: its own staff (or someone
 * with no role at all), never a street or property account, nor anyone of another community.
 */
export function canBeAssignedIn(person: readonly Membership[], communityId: string): boolean {
	return person.every((m) => communityRoles.includes(m.role) && m.communityId === communityId);
}

/** The secretary sees everyone of the community; a chief sees the people of its grids. */
export function peopleVisibility(
	principal: Principal,
	communityId: string
): { all: true } | { all: false; gridIds: string[] } | null {
	if (isSecretaryOf(principal, communityId)) return { all: true };
	const gridIds = chiefGridIds(principal, communityId);
	return gridIds.length > 0 ? { all: false, gridIds } : null;
}

/** Roles a secretary may hand out inside its community; street roles come from the street. */
export function assignableRoles(principal: Principal, communityId: string): Role[] {
	return canManagePeople(principal, communityId)
		? ['secretary', 'chief', 'liaison', 'property']
		: [];
}

/** Drawing and assigning grids, micro-grids and buildings. */
export function canEditStructure(principal: Principal, place: StructurePlace): boolean {
	if (isSecretaryOf(principal, place.communityId)) return true;
	return !!place.gridId && isChiefOf(principal, place.gridId) && isMemberOf(principal, place.communityId);
}

/** Drawing a new grid, and removing a whole grid: the community's shape is the secretary's call. */
export function canCreateGrid(principal: Principal, communityId: string): boolean {
	return isSecretaryOf(principal, communityId);
}

/** Naming a grid's chiefs hands out the power to edit that grid, so only the secretary does it. */
export function canAssignChiefs(principal: Principal, communityId: string): boolean {
	return isSecretaryOf(principal, communityId);
}

/** Who changed the structure when: the secretary's overview. */
export function canReadStructureHistory(principal: Principal, communityId: string): boolean {
	return isSecretaryOf(principal, communityId);
}

/** Door-to-door progress for a building: its micro-grid's liaisons, its chief, the secretary. */
export function canRecordProgress(principal: Principal, place: StructurePlace): boolean {
	if (canEditStructure(principal, place)) return true;
	return !!place.microGridId && isLiaisonOf(principal, place.microGridId);
}

/** A task may be dispatched by the secretary, or by a chief holding every grid of its scope. */
export function canDispatchTask(
	principal: Principal,
	task: { communityId: string; scopeGridIds: readonly string[] }
): boolean {
	if (isSecretaryOf(principal, task.communityId)) return true;
	return (
		task.scopeGridIds.length > 0 &&
		task.scopeGridIds.every((gridId) => isChiefOf(principal, gridId)) &&
		isMemberOf(principal, task.communityId)
	);
}

/** The street office only watches; nothing it sends is ever applied. */
export function isReadOnly(principal: Principal): boolean {
	return principal.memberships.every((m) => m.role === 'street');
}
