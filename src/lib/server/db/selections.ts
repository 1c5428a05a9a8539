import { memberships, users } from './schema';

/** What the app shows of a person everywhere: never the password hash. */
export const personColumns = {
	id: users.id,
	username: users.username,
	displayName: users.displayName,
	phone: users.phone,
	partyMember: users.partyMember,
	affiliation: users.affiliation
};

/** A role and the one place it applies to (the domain's Membership). */
export const membershipColumns = {
	role: memberships.role,
	streetId: memberships.streetId,
	communityId: memberships.communityId,
	gridId: memberships.gridId,
	microGridId: memberships.microGridId,
	orgId: memberships.orgId
};
