/**
 * The street office's page (`/street`): its communities side by side, each as its dashboard
 * sums it (`dashboard-view.ts`), and the matters escalated to the street with their deadlines.
 */
import type { AttentionItem } from './attention';
import type { CoverageFigure, DashboardView, MatterRowFigures } from './dashboard-view';

export type StreetCommunity = {
	id: string;
	name: string;
	households: number;
	week: CoverageFigure;
	month: CoverageFigure;
	matters: MatterRowFigures;
	/** How many items of each kind its attention list holds. */
	attention: Record<AttentionItem['kind'], number>;
};

export type EscalatedMatter = {
	id: string;
	communityId: string;
	communityName: string;
	description: string;
	status: string;
	reportedAt: number;
	routedAt: number | null;
	dueAt: number | null;
};

export type StreetView = { streets: { id: string; name: string; communities: StreetCommunity[]; escalated: EscalatedMatter[] }[]; now: number };

const attentionKinds: AttentionItem['kind'][] = ['building', 'liaison', 'matter-overdue', 'matter-unaccepted', 'task-unacked'];

/** One community's line on the street page, from its dashboard. */
export function streetCommunityOf(community: { id: string; name: string }, view: DashboardView): StreetCommunity {
	const attention = Object.fromEntries(attentionKinds.map((kind) => [kind, 0])) as StreetCommunity['attention'];
	for (const item of view.attention) attention[item.kind]++;
	return {
		id: community.id,
		name: community.name,
		// The households the coverage beside it is a share of.
		households: view.totals.month.households,
		week: view.totals.week,
		month: view.totals.month,
		matters: view.totals.matters,
		attention
	};
}
