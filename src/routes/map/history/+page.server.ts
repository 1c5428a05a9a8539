import { error } from '@sveltejs/kit';
import * as m from '$lib/paraglide/messages';
import type { StructureChangeEntry } from '$lib/client/map/history-summary';
import { loadStructure } from '$lib/server/community';
import { mayReadStructureHistory, standingIn } from '$lib/domain/permissions';
import { principalOf, requireUser } from '$lib/server/guards';
import { viewedCommunity } from '$lib/server/viewed-community';
import type { PageServerLoad } from './$types';

const pageSize = 30;

/** The secretary's structure history, newest first, a page at a time (`?before=<change id>`). */
export const load: PageServerLoad = async ({ locals, url, fetch }) => {
	const user = requireUser(locals, url);
	// The structure history is the secretary's: anyone else gets a 403 page.
	const community = await viewedCommunity(user, url);
	if (!community || !mayReadStructureHistory(standingIn(principalOf(user), community))) error(403, m.map_history_forbidden());
	const before = url.searchParams.get('before');
	// One more than shown tells whether older changes exist.
	const query = new URLSearchParams({ limit: String(pageSize + 1), ...(before ? { before } : {}) });
	const response = await fetch(`/api/communities/${encodeURIComponent(community.id)}/history?${query}`);
	if (response.status === 403) error(403, m.map_history_forbidden());
	if (!response.ok) error(response.status === 400 ? 400 : 502, m.map_history_failed());
	const { changes } = (await response.json()) as { changes: StructureChangeEntry[] };
	const structure = await loadStructure(community.id);
	const names: Record<string, string> = {};
	for (const item of [...structure.grids, ...structure.microGrids, ...structure.compounds]) names[item.id] = item.name;
	for (const member of structure.members) names[member.id] = member.displayName;
	const shown = changes.slice(0, pageSize);
	return {
		community: { id: community.id, name: community.name },
		changes: shown,
		names,
		older: changes.length > pageSize ? shown[shown.length - 1].id : null,
		paged: !!before
	};
};
