import { rolesOf } from '$lib/domain/roles';
import { principalOf } from '$lib/server/guards';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ locals }) => {
	const user = locals.user;
	if (!user) return { user: null };
	const roles = rolesOf(principalOf(user));
	return {
		user: { id: user.id, displayName: user.displayName, username: user.username, roles },
		canSeePeople: roles.includes('secretary') || roles.includes('chief')
	};
};
