import { loadHome } from '$lib/server/home';
import { principalOf, requireUser } from '$lib/server/guards';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const user = requireUser(locals, url);
	return { home: await loadHome(principalOf(user)) };
};
