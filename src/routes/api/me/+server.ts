import { json } from '@sveltejs/kit';
import { rolesOf } from '$lib/domain/roles';
import { principalOf } from '$lib/server/guards';
import { refusal, refusalResponse } from '$lib/server/refusal';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ locals }) => {
	const user = locals.user;
	if (!user) return refusalResponse(refusal(401, 'error_not_signed_in'));
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
