/**
 * The weekly digest for the community group before the 会商: open matters by destination, the
 * overdue ones, the week's matter figures (`matter-figures.ts`, as the 会商 page counts them) and
 * the week's household coverage (`periodCoverage`). Everything is read as of the digest's moment.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { categoryPath, type MatterCategory } from '../../../domain/matter-categories';
import type { MatterFigures } from '../../../domain/matter-figures';
import { matterDueState } from '../../../domain/matter-stage';
import type { MatterStatus } from '../../../domain/matters';
import { communityDay, daysLate, digestMomentOf, householdShare, percentOf, userText } from '../../../domain/notice-text';
import type { Standing } from '../../../domain/permissions';
import { db } from '../../db';
import { matters } from '../../db/schema';
import { communityCategories } from '../../matters/matter-categories';
import { namesFor } from '../../matters/matter-names';
import { periodFigures } from '../../matters/period-figures';
import { wholeCommunityCoverage } from '../../oversight/community-coverage';
import type { PlannedDelivery } from '../audience';
import { communityRobots } from './recipients';

const weekMs = 7 * 86_400_000;
/** At most this many overdue matters are listed; the rest are counted. */
export const digestOverdueListed = 10;

const openStatuses: MatterStatus[] = ['unverified', 'reported', 'routed', 'accepted', 'resolved'];
const destinationWords = { property: '物业公司', community: '社区工作人员', street: '街道' } as const;

/** The community group sees the community as its secretary does. */
export function communityView(communityId: string): Standing {
	return { userId: '', communityId, member: true, secretary: true, chiefGridIds: [], liaisonMicroGridIds: [], watcher: false, propertyOrgIds: [] };
}

function figureLine(figures: MatterFigures): string {
	const rate = figures.onTimeRate === null ? '—' : percentOf(figures.closedOnTime, figures.closed);
	return `新报 ${figures.reported} 件 · 派遣 ${figures.routed} 件 · 办结 ${figures.closed} 件 · 按期办结率 ${rate} · 超期 ${figures.overdue} 件`;
}

type MatterRow = typeof matters.$inferSelect;
type Names = Awaited<ReturnType<typeof namesFor>>;
type Kind = keyof typeof destinationWords;

/** `物业公司：光明物业 3 件、华建物业 1 件`, one line per kind of destination, of the matters in hand. */
function inHandLines(open: readonly MatterRow[], names: Names): string[] {
	const counts = new Map<string, { kind: Kind; name: string; n: number }>();
	for (const row of open) {
		if ((row.status !== 'routed' && row.status !== 'accepted') || !row.destination) continue;
		const key = JSON.stringify(row.destination);
		const entry = counts.get(key) ?? { kind: row.destination.kind, name: names.destination(row.destination) ?? '', n: 0 };
		entry.n++;
		counts.set(key, entry);
	}
	return (Object.keys(destinationWords) as Kind[]).flatMap((kind) => {
		const entries = [...counts.values()].filter((entry) => entry.kind === kind).sort((a, b) => b.n - a.n || a.name.localeCompare(b.name, 'zh-CN'));
		return entries.length ? [`${destinationWords[kind]}：${entries.map((entry) => `${userText(entry.name, 30)} ${entry.n} 件`).join('、')}`] : [];
	});
}

/** The overdue ones at `at`, longest overdue first: a count, the first ten with links, how many more. */
function overdueLines(open: readonly MatterRow[], names: Names, categories: MatterCategory[], at: number, origin: string): string[] {
	const overdue = open
		.filter((row) => matterDueState({ status: row.status, dueAt: row.dueAt?.getTime() ?? null }, at) === 'overdue')
		.sort((a, b) => a.dueAt!.getTime() - b.dueAt!.getTime() || a.id.localeCompare(b.id));
	const listedRows = overdue.slice(0, digestOverdueListed).map((row, index) => {
		const what = [categoryPath(row.categoryId, categories, 'zh-CN'), names.building(row.buildingId)].filter(Boolean).join(' · ');
		const who = names.destination(row.destination) ?? '';
		return `${index + 1}. [${userText(what, 40)}](${origin}/matters/${encodeURIComponent(row.id)})：${userText(who, 30)}，超期 ${daysLate(row.dueAt!.getTime(), at)} 天`;
	});
	const more = overdue.length - listedRows.length;
	return [`**超期事项**：${overdue.length} 件`, ...listedRows, ...(more > 0 ? [`……另有 ${more} 件`] : [])];
}

export async function weeklyDigest(communityId: string, week: string | undefined, origin: string): Promise<PlannedDelivery[]> {
	const at = week ? digestMomentOf(week) : null;
	const robots = await communityRobots(communityId);
	if (at === null || robots.length === 0) return [];
	const period = { from: at - weekMs, to: at };
	const [open, figures, coverage, categories] = await Promise.all([
		db()
			.select()
			.from(matters)
			.where(and(eq(matters.communityId, communityId), inArray(matters.status, openStatuses))),
		periodFigures(communityView(communityId), period, at),
		wholeCommunityCoverage(communityId, period),
		communityCategories(communityId, { withRetired: true })
	]);
	const names = await namesFor(open);
	const inHand = inHandLines(open, names);
	const count = (statuses: MatterStatus[]) => open.filter((row) => statuses.includes(row.status)).length;
	const markdown = [
		`**过去一周**（${communityDay(period.from)}—${communityDay(at - 1)}）`,
		figureLine(figures.total),
		'',
		'**未办结事项**',
		...(inHand.length ? inHand : ['在办：无']),
		`待派遣：${count(['reported', 'unverified'])} 件 · 待核实：${count(['resolved'])} 件`,
		'',
		...overdueLines(open, names, categories, at, origin),
		'',
		`**过去一周入户覆盖**：${householdShare(coverage.reached, coverage.households)}`
	].join('\n');
	const message = { kind: 'robot' as const, title: `网格通周报 · ${communityDay(at)}会商前`, markdown, link: `${origin}/consultation`, mentions: [] };
	return robots.map((robotId) => ({ channel: 'robot', robotId, message }));
}
