import { principalOf, requireUser } from '$lib/server/guards';
import { loadStreetView, watchedStreetIds } from '$lib/server/oversight/street';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const user = requireUser(locals, url);
	const principal = principalOf(user);
	return { street: watchedStreetIds(principal).length > 0 ? await loadStreetView(principal) : null };
};
