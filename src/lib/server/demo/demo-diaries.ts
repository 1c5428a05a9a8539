/**
 * Three weeks of work diaries for the demo community's liaisons, so `/diary` and the list of
 * diaries show a real month at once: entries in the 问题 – 处理措施 – 反馈结果 form, days marked
 * done, chiefs' 点评 and the secretary's 抽查, and for every matter a liaison reported in the
 * window an entry about it on its day. A liaison writes about its round only on the days it went
 * to doors, after its last one: the marks (`progress_events`) the demo history wrote, so the quiet
 * liaison's diary is as quiet as its history, and nothing is dated after `now`. Call this after
 * the history and the matters, when DEMO_SAMPLES=1:
 *
 *     `seedDemoSamples` (demo-samples.ts) calls it last.
 *
 * Deterministic: the same day and database give the same rows (seeded per liaison and date,
 * ids made from them). Writes nothing when the community already has diary entries.
 */
import { and, asc, count, eq, gte, inArray, isNotNull, lt, sql } from 'drizzle-orm';
import { progressStatuses } from '../../domain/community-doc';
import { addDiaryDays, dayOf, dayPeriod, type DiaryDate } from '../../domain/diary-dates';
import { db, type Tx } from '../db';
import { communities, diaryComments, diaryDays, diaryEntries, matters, memberships, microGrids, progressEvents, users } from '../db/schema';
import { DemoRandom } from './demo-random';

/** Entries a liaison might write on an ordinary round. */
const pool: [problem: string, action: string, result: string][] = [
	['3单元楼道堆放纸箱杂物，影响通行', '联系住户当天清理，并提醒不要在楼道堆物', '已清理，住户表示理解'],
	['独居老人张奶奶反映腿脚不便，买菜困难', '联系社区志愿者每周上门代购两次', '已安排，老人表示感谢'],
	['2单元门禁损坏，外来人员可随意进出', '拍照上报物业，请其尽快维修', '物业已登记，约定明日维修'],
	['住户反映楼上夜间噪音扰民', '上门了解情况，与楼上住户沟通', '双方达成一致，晚十点后注意降低音量'],
	['地下车库有电动车违规充电', '现场劝导，讲解消防安全知识', '车主已移走电动车到集中充电点'],
	['一楼住户反映下水道返味', '上报物业安排疏通', '待物业处理，明日回访'],
	['新搬入住户两户，尚未登记', '上门登记家庭基本情况', '已完成登记'],
	['绿化带有人种菜，占用公共绿地', '与住户沟通，宣传文明养护', '住户同意本周内自行清除'],
	['楼道声控灯不亮', '报物业维修', '已修好'],
	['住户咨询医保缴费事宜', '讲解缴费渠道，留下社区服务电话', '住户已在手机上完成缴费'],
	['高空抛物隐患，阳台花盆摆放在外沿', '上门提醒住户将花盆移到室内', '已整改'],
	['消防通道被私家车占用', '联系车主挪车，张贴温馨提示', '车辆已挪走']
];

const reviews = ['记录清楚，继续保持', '走访到位，问题处理及时', '请跟进回访结果', '独居老人情况要每周回访'];
const checks = ['已抽查，情况属实', '抽查电话回访两户，住户满意', '已抽查，注意记录反馈结果'];

const instant = (epoch: number) => sql`${new Date(epoch).toISOString()}::timestamptz`;

/** Minutes after the day's last door that a liaison sits down to write. */
const writingDelay = 10;
const lastMinuteOf = (date: DiaryDate) => dayPeriod(date).to - 60_000;

type Liaison = { id: string; username: string; gridId: string };
type MatterRow = { id: string; reportedBy: string; reportedAt: Date; description: string; handledOnSpot: boolean; status: string };
const dayKey = (userId: string, date: DiaryDate) => `${userId} ${date}`;

async function people(tx: Tx, communityId: string) {
	const rows = await tx
		.select({ id: users.id, username: users.username, role: memberships.role, gridId: memberships.gridId, microGridGrid: microGrids.gridId })
		.from(memberships)
		.innerJoin(users, eq(users.id, memberships.userId))
		.leftJoin(microGrids, eq(microGrids.id, memberships.microGridId))
		.where(and(eq(memberships.communityId, communityId), inArray(memberships.role, ['secretary', 'chief', 'liaison'])))
		.orderBy(asc(users.username));
	const liaisons: Liaison[] = rows.filter((r) => r.role === 'liaison' && r.microGridGrid).map((r) => ({ id: r.id, username: r.username, gridId: r.microGridGrid! }));
	const chiefOf = new Map(rows.filter((r) => r.role === 'chief' && r.gridId).map((r) => [r.gridId!, r.id]));
	const secretary = rows.find((r) => r.role === 'secretary')?.id ?? null;
	return { liaisons, chiefOf, secretary };
}

/**
 * The Beijing days on which each liaison went to doors, in one grouped pass over the marks:
 * `dayKey(user, date)` → the instant of that day's last mark.
 */
async function visitDays(tx: Tx, communityId: string, dates: readonly DiaryDate[]): Promise<Map<string, number>> {
	const periods = dates.map((date) => dayPeriod(date));
	const bounds = sql.join([...periods.map((p) => instant(p.from)), instant(periods.at(-1)!.to)], sql`, `);
	// 1 for the first day, n for the last (the marks are bounded to the span).
	const bucket = sql<number>`width_bucket(${progressEvents.recordedAt}, array[${bounds}]::timestamptz[])`;
	const rows = await tx
		.select({
			userId: progressEvents.userId,
			day: bucket.mapWith(Number).as('day'),
			lastAt: sql<number>`floor(extract(epoch from max(${progressEvents.recordedAt})) * 1000)::float8`.mapWith(Number)
		})
		.from(progressEvents)
		.where(
			and(
				eq(progressEvents.communityId, communityId),
				isNotNull(progressEvents.userId),
				inArray(progressEvents.status, [...progressStatuses]),
				gte(progressEvents.recordedAt, new Date(periods[0].from)),
				lt(progressEvents.recordedAt, new Date(periods.at(-1)!.to))
			)
		)
		// By the output column: the bucket expression repeated would carry parameters of its own.
		.groupBy(progressEvents.userId, sql`${sql.identifier('day')}`);
	return new Map(rows.map((row) => [dayKey(row.userId!, dates[row.day - 1]), row.lastAt]));
}

/** The matters reported in the window, by reporter and Beijing day. */
async function reportedByDay(tx: Tx, communityId: string, from: number): Promise<Map<string, MatterRow[]>> {
	const rows = await tx
		.select({ id: matters.id, reportedBy: matters.reportedBy, reportedAt: matters.reportedAt, description: matters.description, handledOnSpot: matters.handledOnSpot, status: matters.status })
		.from(matters)
		.where(and(eq(matters.communityId, communityId), gte(matters.reportedAt, new Date(from))))
		.orderBy(asc(matters.reportedAt), asc(matters.id));
	const byDay = new Map<string, MatterRow[]>();
	for (const row of rows) {
		const key = dayKey(row.reportedBy, dayOf(row.reportedAt.getTime()));
		byDay.set(key, [...(byDay.get(key) ?? []), row]);
	}
	return byDay;
}

type Rows = { entries: (typeof diaryEntries.$inferInsert)[]; days: (typeof diaryDays.$inferInsert)[]; comments: (typeof diaryComments.$inferInsert)[] };
type DayFacts = { date: DiaryDate; lastVisitAt: number | null; own: MatterRow[]; today: boolean; now: number };
type Reviewers = { chief: string | undefined; secretary: string | null };

/** One liaison's day: an entry per matter it reported, a few about its round if it went to doors, the 完成 mark and comments. */
function writeDay(rows: Rows, communityId: string, liaison: Liaison, facts: DayFacts, reviewers: Reviewers): void {
	const { date, lastVisitAt, own, now } = facts;
	const random = new DemoRandom(`${liaison.username}:${date}`);
	const key = { communityId, userId: liaison.id, date };
	const at = (wanted: number) => new Date(Math.min(wanted, lastMinuteOf(date), now));
	const written: (typeof diaryEntries.$inferInsert)[] = [];
	for (const matter of own) {
		const closed = matter.status === 'closed';
		const when = at(matter.reportedAt.getTime() + (5 + written.length) * 60_000);
		written.push({ ...key, id: `demo-${liaison.username}-${date}-m${written.length}`, problem: matter.description, action: matter.handledOnSpot ? '当场处理' : '已拍照上报事项', result: closed ? '已解决' : '等待处理，持续跟进', matterId: matter.id, createdAt: when, updatedAt: when });
	}
	if (lastVisitAt !== null) {
		const ordinary = random.int(1, 2);
		for (let i = 0; i < ordinary; i++) {
			const [problem, action, result] = random.pick(pool);
			if (written.some((entry) => entry.problem === problem)) continue;
			const when = at(lastVisitAt + (writingDelay + i * 7) * 60_000);
			written.push({ ...key, id: `demo-${liaison.username}-${date}-${i}`, problem, action, result, matterId: null, createdAt: when, updatedAt: when });
		}
	}
	rows.entries.push(...written);
	// Today stays open; days with entries are mostly marked done once written.
	if (written.length === 0 || facts.today) return;
	const lastWritten = Math.max(...written.map((entry) => (entry.createdAt as Date).getTime()));
	if (random.chance(0.85)) rows.days.push({ ...key, doneAt: at(Math.max(lastWritten + 5 * 60_000, dayPeriod(date).from + (20 * 60 + random.int(0, 50)) * 60_000)) });
	if (reviewers.chief && random.chance(0.18)) {
		rows.comments.push({ ...key, id: `demo-${liaison.username}-${date}-r`, authorId: reviewers.chief, kind: 'review', text: random.pick(reviews), createdAt: at(lastWritten + 40 * 60_000) });
	}
	if (reviewers.secretary && random.chance(0.08)) {
		rows.comments.push({ ...key, id: `demo-${liaison.username}-${date}-c`, authorId: reviewers.secretary, kind: 'check', text: random.pick(checks), createdAt: at(lastWritten + 75 * 60_000) });
	}
}

/** Days of diaries before today, and today. */
const diaryDaysBack = 21;

export async function seedDemoDiaries(now = Date.now(), tx: Tx = db()): Promise<void> {
	const [community] = await tx.select({ id: communities.id }).from(communities).orderBy(asc(communities.createdAt)).limit(1);
	if (!community) return;
	const [{ n }] = await tx.select({ n: count() }).from(diaryEntries).where(eq(diaryEntries.communityId, community.id));
	if (n > 0) return;
	const today = dayOf(now);
	const dates = Array.from({ length: diaryDaysBack + 1 }, (_, i) => addDiaryDays(today, i - diaryDaysBack));
	const { liaisons, chiefOf, secretary } = await people(tx, community.id);
	const visits = await visitDays(tx, community.id, dates);
	const reported = await reportedByDay(tx, community.id, dayPeriod(dates[0]).from);

	const rows: Rows = { entries: [], days: [], comments: [] };
	for (const liaison of liaisons) {
		const reviewers = { chief: chiefOf.get(liaison.gridId), secretary };
		for (const date of dates) {
			const facts = { date, lastVisitAt: visits.get(dayKey(liaison.id, date)) ?? null, own: reported.get(dayKey(liaison.id, date)) ?? [], today: date === today, now };
			writeDay(rows, community.id, liaison, facts, reviewers);
		}
	}
	await insertChunked(rows.entries, (chunk) => tx.insert(diaryEntries).values(chunk));
	await insertChunked(rows.days, (chunk) => tx.insert(diaryDays).values(chunk));
	await insertChunked(rows.comments, (chunk) => tx.insert(diaryComments).values(chunk));
}

async function insertChunked<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
	for (let start = 0; start < rows.length; start += 500) await insert(rows.slice(start, start + 500));
}
