import type { MatterListView, MatterTab } from '$lib/domain/matter-queue';
import * as m from '$lib/paraglide/messages';

const viewLabels: Record<MatterListView, () => string> = {
	queue: m.matters_view_queue,
	overview: m.matters_view_overview,
	area: m.matters_view_area
};

const tabLabels: Record<MatterTab, () => string> = {
	unaccepted: m.matters_tab_unaccepted,
	'in-hand': m.matters_tab_in_hand,
	overdue: m.matters_tab_overdue,
	'awaiting-verification': m.matters_tab_awaiting_verification,
	all: m.matters_tab_all,
	'awaiting-routing': m.matters_tab_awaiting_routing,
	closed: m.matters_tab_closed,
	'to-verify': m.matters_tab_to_verify,
	mine: m.matters_tab_mine
};

export const viewLabel = (view: MatterListView): string => viewLabels[view]();
export const tabLabel = (tab: MatterTab): string => tabLabels[tab]();
