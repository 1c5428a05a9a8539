/**
 * What the matter pages receive from the server (built in `src/lib/server/matters/matter-pages.ts`),
 * named here so components do not import server code.
 */
import type { MatterCategory } from './matter-categories';
import type { MatterListView } from './matter-queue';
import type { MatterSummary, MatterView } from './matter-view';
import type { MatterAction } from './matters';
import type { Standing } from './permissions';
import type { Role } from './roles';

export type MatterCommunity = { id: string; name: string };

export type MatterListData = {
	community: MatterCommunity;
	standing: Standing;
	categories: MatterCategory[];
	/** Open matters, then the latest finished ones; newest first. */
	matters: MatterSummary[];
	/** More matters exist than were read: the oldest finished ones are left off. */
	truncated: boolean;
	views: MatterListView[];
};

/** Whom the viewer may route the matter to (the 会商 page has the full routing screen). */
export type RouteChoices = {
	/** The company running the compound of the matter's building, if any. */
	property: { orgId: string; name: string } | null;
	staff: { id: string; displayName: string; role: Role }[];
	/** The street office's name. */
	street: string;
};

export type MatterDetailData = {
	community: MatterCommunity;
	matter: MatterView;
	categories: MatterCategory[];
	/** Asked of `offeredMatterActions` on the server: what the viewer may do now. */
	offered: MatterAction[];
	routeChoices: RouteChoices | null;
	/** The handler each event names (a routing, a 退单), aligned with `matter.events`. */
	eventDestinations: (string | null)[];
};
