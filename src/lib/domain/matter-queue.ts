/**
 * The matter list as each role reads it: the handler's work queue, the secretary's and chiefs'
 * overview, the liaison's own area. Which views a viewer gets, the tabs of each, which matters a
 * tab holds, and what the nav badge counts are decided here, so the list, the home page and the
 * nav count the same matters.
 */
import type { MatterCategory } from './matter-categories';
import { mayTakeMatterAction } from './matter-offers';
import { matterDueState } from './matter-stage';
import type { MatterSummary } from './matter-view';
import type { DestinationKind, MatterStatus } from './matters';
import { handlesMatter, isOwnBuilding, mayActOnMatter, type Standing } from './permissions';

/** What the list rules read of a matter. */
export type ListedMatter = Pick<
	MatterSummary,
	'status' | 'dueAt' | 'reminders' | 'reportedBy' | 'gridId' | 'microGridId' | 'urgent' | 'destination' | 'extensionPending' | 'category' | 'reportedAt'
>;

export const matterListViews = ['queue', 'overview', 'area'] as const;
export type MatterListView = (typeof matterListViews)[number];

export const matterTabs = {
	queue: ['unaccepted', 'in-hand', 'overdue', 'awaiting-verification'],
	overview: ['all', 'awaiting-routing', 'in-hand', 'overdue', 'closed'],
	area: ['all', 'to-verify', 'mine']
} as const satisfies Record<MatterListView, readonly string[]>;
export type MatterTab = (typeof matterTabs)[MatterListView][number];

/**
 * The work queue for whoever handles matters (a property company always, community staff and
 * the street office once something was routed to them); the overview for the secretary, the
 * chiefs and the street office; the own area for liaisons. Someone with none still gets the
 * area: their own reports.
 */
export function listViewsOf(s: Standing, matters: readonly ListedMatter[]): MatterListView[] {
	const views: MatterListView[] = [];
	if (s.propertyOrgIds.length > 0 || matters.some((matter) => handlesMatter(s, matter))) views.push('queue');
	if (s.secretary || s.chiefGridIds.length > 0 || s.watcher) views.push('overview');
	if (s.liaisonMicroGridIds.length > 0 || views.length === 0) views.push('area');
	return views;
}

const finished: readonly MatterStatus[] = ['closed', 'rejected', 'merged'];
const late = (matter: ListedMatter, now: number) => matterDueState(matter, now) === 'overdue';
const mayVerifyNow = (s: Standing, matter: ListedMatter) => mayTakeMatterAction(s, 'verify', matter);
/** A resident's report (待核实) in the liaison's own micro-grids: its to check on site. */
const residentReportToCheck = (s: Standing, matter: ListedMatter) => matter.status === 'unverified' && isOwnBuilding(s, matter);

/**
 * Whether the tab of a view holds the matter. 已逾期 cuts across the others: a late matter
 * shows under 未签收 or 处理中 too, in red.
 */
export function inTab(view: MatterListView, tab: MatterTab, s: Standing, matter: ListedMatter, now: number): boolean {
	if (view === 'queue') {
		if (!handlesMatter(s, matter)) return false;
		if (tab === 'unaccepted') return matter.status === 'routed';
		if (tab === 'in-hand') return matter.status === 'accepted';
		if (tab === 'overdue') return late(matter, now);
		return tab === 'awaiting-verification' && matter.status === 'resolved';
	}
	if (view === 'overview') {
		if (tab === 'all') return true;
		if (tab === 'awaiting-routing') return matter.status === 'reported';
		if (tab === 'in-hand') return ['routed', 'accepted', 'resolved'].includes(matter.status);
		if (tab === 'overdue') return late(matter, now);
		return tab === 'closed' && finished.includes(matter.status);
	}
	if (tab === 'all') return true;
	if (tab === 'to-verify') return (matter.reportedBy === s.userId && mayVerifyNow(s, matter)) || residentReportToCheck(s, matter);
	return tab === 'mine' && matter.reportedBy === s.userId;
}

export function tabCounts(view: MatterListView, s: Standing, matters: readonly ListedMatter[], now: number): Record<MatterTab, number> {
	const counts = {} as Record<MatterTab, number>;
	for (const tab of matterTabs[view]) counts[tab] = matters.filter((matter) => inTab(view, tab, s, matter, now)).length;
	return counts;
}

/** The first tab of each view, or a tab the view does not have. */
export function tabOf(view: MatterListView, wanted: string | null): MatterTab {
	const tabs: readonly string[] = matterTabs[view];
	return (wanted && tabs.includes(wanted) ? wanted : tabs[0]) as MatterTab;
}

/** The overview's filters: a category (with its sub-categories) and where the matter went. */
export type MatterListFilter = { category: string | null; destination: DestinationKind | null };

export function matchesFilter(matter: ListedMatter, filter: MatterListFilter, categories: readonly MatterCategory[]): boolean {
	if (filter.destination && matter.destination?.kind !== filter.destination) return false;
	if (!filter.category || matter.category === filter.category) return true;
	return categories.find((c) => c.id === matter.category)?.parentId === filter.category;
}

/** A queue reads by deadline, soonest (or latest overdue) first; the rest newest first. */
export function listOrder(view: MatterListView): (a: ListedMatter, b: ListedMatter) => number {
	if (view !== 'queue') return (a, b) => b.reportedAt - a.reportedAt;
	return (a, b) => (a.dueAt ?? Infinity) - (b.dueAt ?? Infinity) || b.reportedAt - a.reportedAt;
}

/**
 * What the nav badge counts for a viewer: as a handler, matters routed to it not yet accepted
 * plus open ones it was reminded about (督办); as a reporter, its reports waiting for its
 * verification; as a liaison, residents' reports in its micro-grids waiting to be checked (待核实).
 * Each matter once.
 */
export function needsAttention(s: Standing, matter: ListedMatter): boolean {
	if (mayTakeMatterAction(s, 'accept', matter) || residentReportToCheck(s, matter)) return true;
	if (handlesMatter(s, matter) && matter.reminders > 0 && (matter.status === 'routed' || matter.status === 'accepted')) return true;
	return matter.reportedBy === s.userId && mayVerifyNow(s, matter);
}

export function attentionCount(s: Standing, matters: readonly ListedMatter[]): number {
	return matters.filter((matter) => needsAttention(s, matter)).length;
}

/** Ordinary matters are routed at the weekly 会商; whoever may do that finds the 待派遣 tab linked there. */
export function routesAtMeeting(s: Standing): boolean {
	return mayActOnMatter(s, 'route', { urgent: false, destination: null, reportedBy: '', gridId: null, microGridId: null });
}
