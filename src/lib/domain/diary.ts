/**
 * The work diary (工作日志 / 民情日记): what a liaison's day was, built from what the system
 * already knows, and the rules of the entries the liaison adds. One definition, here; the diary
 * API, the pages and the monthly export ask these functions.
 *
 * - **Households reached** in a day: the coverage rule of `coverage.ts` (`reachingMarks`) over
 *   the day: a mark recorded that day with a progress status, not taken back later that day in
 *   its task, on a household the community has.
 * - Each household reached counts once, for whoever made its latest reaching mark of the day
 *   (later: a higher row id, the order marks were applied in), under that mark's status: a door
 *   the chief marked after the liaison that day is the chief's; visited + absent + refused +
 *   issue = households (走访户数).
 * - Task notes live only in the live document (not projected to rows), so the diary leaves them out.
 */
import type { ProgressStatus } from './community-doc';
import { reachingMarks, type CoverageMark } from './coverage';
import { addDiaryDays, dayOf, dayPeriod, type DiaryDate } from './diary-dates';
import { diaryLimits, type DiaryBuilding, type DiaryCommentKind, type DiaryEntry, type DiaryMatterAct, type DiaryVisits, type VisitCounts } from './diary-view';
import type { Period } from './matter-figures';
import type { Standing } from './permissions';

/** A row of `progress_events` with who made it (`user_id`). */
export type DiaryMark = CoverageMark & { by: string | null };

const householdKey = (mark: CoverageMark) => `${mark.buildingId}\u0000${mark.code}`;

const noVisits = (): VisitCounts => ({ households: 0, visited: 0, absent: 0, refused: 0, issue: 0 });

/** `status` is a visit's (`reachingMarks` keeps no other), so it names one of the counts. */
function count(counts: VisitCounts, status: string): void {
	counts.households++;
	counts[status as ProgressStatus]++;
}

/** Each reached household once, by its latest reaching mark across tasks, grouped by who made that mark. */
function latestByUser(households: ReadonlyMap<string, readonly string[]>, marks: readonly DiaryMark[], period: Period): Map<string, Map<string, DiaryMark>> {
	const latest = new Map<string, DiaryMark>();
	for (const mark of reachingMarks(households, marks, period)) {
		const key = householdKey(mark);
		const before = latest.get(key);
		if (!before || mark.id > before.id) latest.set(key, mark);
	}
	const byUser = new Map<string, Map<string, DiaryMark>>();
	for (const [key, mark] of latest) {
		if (!mark.by) continue;
		let own = byUser.get(mark.by);
		if (!own) byUser.set(mark.by, (own = new Map()));
		own.set(key, mark);
	}
	return byUser;
}

const byLabel = new Intl.Collator('zh-CN', { numeric: true });

/**
 * One liaison's households reached in `period` (a day), in total and per building.
 * `households`: the codes of (at least) every building the marks name; `labelOf` names a building.
 */
export function diaryVisits(
	households: ReadonlyMap<string, readonly string[]>,
	marks: readonly DiaryMark[],
	period: Period,
	userId: string,
	labelOf: (buildingId: string) => string
): DiaryVisits {
	const own = latestByUser(households, marks, period).get(userId) ?? new Map<string, DiaryMark>();
	const total = noVisits();
	const buildings = new Map<string, DiaryBuilding>();
	for (const mark of own.values()) {
		count(total, mark.status);
		let building = buildings.get(mark.buildingId);
		if (!building) buildings.set(mark.buildingId, (building = { buildingId: mark.buildingId, label: labelOf(mark.buildingId), ...noVisits() }));
		count(building, mark.status);
	}
	return { ...total, buildings: [...buildings.values()].sort((a, b) => byLabel.compare(a.label, b.label)) };
}

/** Households reached in `period` by each person who made marks in it (the list of liaisons' diaries). */
export function visitsByUser(households: ReadonlyMap<string, readonly string[]>, marks: readonly DiaryMark[], period: Period): Map<string, VisitCounts> {
	const result = new Map<string, VisitCounts>();
	for (const [userId, own] of latestByUser(households, marks, period)) {
		const counts = noVisits();
		for (const mark of own.values()) count(counts, mark.status);
		result.set(userId, counts);
	}
	return result;
}

/**
 * One liaison's households reached on each day of the marks' period (a month, say), for the days
 * with any: each day's figure is `diaryVisits(…).households` of that day, from the same marks.
 */
export function visitsByDay(households: ReadonlyMap<string, readonly string[]>, marks: readonly DiaryMark[], userId: string): Map<DiaryDate, number> {
	const byDay = new Map<DiaryDate, DiaryMark[]>();
	for (const mark of marks) {
		const day = dayOf(mark.at);
		const list = byDay.get(day);
		if (list) list.push(mark);
		else byDay.set(day, [mark]);
	}
	const result = new Map<DiaryDate, number>();
	for (const [day, dayMarks] of byDay) {
		const reached = visitsByUser(households, dayMarks, dayPeriod(day)).get(userId)?.households ?? 0;
		if (reached > 0) result.set(day, reached);
	}
	return result;
}

/**
 * The matter events a liaison's diary tells of, and what each means there: a report, a problem
 * handled on the spot, a resident's report checked on site (核实), a resolution accepted
 * (验收通过) or sent back. Any other event (routing, reminders…) is not a liaison's work.
 */
export const diaryMatterEvents: Readonly<Record<string, (to: string) => DiaryMatterAct>> = {
	report: () => 'reported',
	'handle-on-spot': () => 'handled-on-spot',
	confirm: () => 'confirmed',
	verify: (to) => (to === 'closed' ? 'verified' : 'sent-back')
};

/** What a matter event by the liaison means in a diary, or null when it tells nothing there. */
export function diaryMatterAct(event: { action: string; to: string }): DiaryMatterAct | null {
	return Object.hasOwn(diaryMatterEvents, event.action) ? diaryMatterEvents[event.action](event.to) : null;
}

/** The days a liaison may still write in: today and the days just before it, never a day ahead. */
export function isWritableDate(date: DiaryDate, today: DiaryDate): boolean {
	return date <= today && date >= addDiaryDays(today, -(diaryLimits.writableDays - 1));
}

/** The days anyone may read: not after tomorrow (a phone's clock a little ahead still finds its day). */
export function isReadableDate(date: DiaryDate, today: DiaryDate): boolean {
	return date <= addDiaryDays(today, 1);
}

/** A comment by the secretary is a spot check (抽查); by a chief, a review (点评). */
export function diaryCommentKind(s: Standing): DiaryCommentKind {
	return s.secretary ? 'check' : 'review';
}

/** One day as the monthly sheet needs it. */
export type DiarySheetDay = { date: DiaryDate; households: number; entries: readonly Pick<DiaryEntry, 'problem' | 'action' | 'result'>[] };

/** A row of the monthly sheet; `span` > 1 on the first row of a day with several entries (its date and count are merged). */
export type DiarySheetRow = { date: DiaryDate; households: number; problem: string; action: string; result: string; span: number };

/**
 * The monthly sheet (日期, 走访户数, 问题, 处理措施, 反馈结果): one row per entry, in date order; a
 * day with visits but no entries still gets a row; a day with neither gets none.
 */
export function diarySheetRows(days: readonly DiarySheetDay[]): DiarySheetRow[] {
	const rows: DiarySheetRow[] = [];
	for (const day of [...days].sort((a, b) => a.date.localeCompare(b.date))) {
		if (day.entries.length === 0) {
			if (day.households > 0) rows.push({ date: day.date, households: day.households, problem: '', action: '', result: '', span: 1 });
			continue;
		}
		day.entries.forEach((entry, index) =>
			rows.push({
				date: day.date,
				households: day.households,
				problem: entry.problem,
				action: entry.action,
				result: entry.result,
				span: index === 0 ? day.entries.length : 0
			})
		);
	}
	return rows;
}
