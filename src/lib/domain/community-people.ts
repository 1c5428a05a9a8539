import { sortRoles, type Role } from './roles';

/** A member of a community with every role they hold in it (one membership row per role). */
export type CommunityPerson = {
	id: string;
	displayName: string;
	phone: string;
	partyMember: boolean;
	roles: Role[];
	gridIds: string[];
	microGridIds: string[];
};

export type MembershipRow = {
	id: string;
	displayName: string;
	phone: string;
	partyMember: boolean;
	role: Role;
	gridId: string | null;
	microGridId: string | null;
};

/** Folds membership rows into one entry per person. */
export function peopleOf(members: readonly MembershipRow[]): CommunityPerson[] {
	const byId = new Map<string, CommunityPerson>();
	for (const member of members) {
		const person = byId.get(member.id) ?? {
			id: member.id,
			displayName: member.displayName,
			phone: member.phone,
			partyMember: member.partyMember,
			roles: [],
			gridIds: [],
			microGridIds: []
		};
		person.roles = sortRoles([...person.roles, member.role]);
		if (member.gridId && !person.gridIds.includes(member.gridId)) person.gridIds.push(member.gridId);
		if (member.microGridId && !person.microGridIds.includes(member.microGridId)) person.microGridIds.push(member.microGridId);
		byId.set(member.id, person);
	}
	return [...byId.values()];
}
