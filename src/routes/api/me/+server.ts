import { json } from '@sveltejs/kit';
import { rolesOf } from '$lib/domain/roles';
import { notSignedIn, principalOf } from '$lib/server/guards';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ locals }) => {
	const user = locals.user;
	if (!user) return notSignedIn();
	return json({
		id: user.id,
		username: user.username,
		displayName: user.displayName,
		phone: user.phone,
		partyMember: user.partyMember,
		affiliation: user.affiliation,
		roles: rolesOf(principalOf(user)),
		memberships: user.memberships
	});
};
