import { users } from './schema';

/** What the app shows of a person everywhere: never the password hash. */
export const personColumns = {
	id: users.id,
	username: users.username,
	displayName: users.displayName,
	phone: users.phone,
	partyMember: users.partyMember,
	affiliation: users.affiliation
};
