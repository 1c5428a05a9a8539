/**
 * A liaison's day and month as the diary shows them: what the system recorded (visits, 收到,
 * matter work), the liaison's entries, the done mark and the comments.
 */
import { diaryVisits, isWritableDate, visitsByDay } from '../../domain/diary';
import { dayOf, dayPeriod, monthDates, monthOf, monthPeriod, type DiaryDate, type DiaryMonth } from '../../domain/diary-dates';
import type { DiaryDay, DiaryMonthDay } from '../../domain/diary-view';
import type { Period } from '../../domain/matter-figures';
import { mayCommentDiary, mayWriteDiary } from '../../domain/permissions';
import { acksOf, matterWorkOf } from './diary-activity';
import type { DiaryTarget } from './diary-access';
import { commentsOf, doneDaysOf, entriesOf, marksOfPeriod, type DiaryKey, type PeriodMarks } from './diary-records';

/** Items by a key of theirs (Map.groupBy is not in Node 20). */
export function groupedBy<T, K>(items: Iterable<T>, keyOf: (item: T) => K): Map<K, T[]> {
	const groups = new Map<K, T[]>();
	for (const item of items) {
		const key = keyOf(item);
		const group = groups.get(key);
		if (group) group.push(item);
		else groups.set(key, [item]);
	}
	return groups;
}

export const keyOf = (target: DiaryTarget): DiaryKey => ({ communityId: target.community.id, userId: target.owner.userId });

/** The diary owner's marks (and those after them on the same buildings) of a day or a month. */
const ownerMarks = (target: DiaryTarget, period: Period) => marksOfPeriod(target.community.id, period, { userIds: [target.owner.userId] });

/** The day from marks covering at least it (the day's, or its month's). */
async function dayWith(target: DiaryTarget, date: DiaryDate, marks: PeriodMarks, now: number): Promise<DiaryDay> {
	const key = keyOf(target);
	const period = dayPeriod(date);
	const range = { from: date, to: date };
	const [acks, matters, entries, comments, done] = await Promise.all([
		acksOf(key, period),
		matterWorkOf(key, period, target.standing),
		entriesOf(key, range),
		commentsOf(key, range),
		doneDaysOf(key, range)
	]);
	const visits = diaryVisits(marks.households, marks.marks, period, key.userId, (id) => marks.labels.get(id) ?? '');
	const doneAt = done.get(date) ?? null;
	return {
		userId: key.userId,
		userName: target.owner.name,
		communityId: key.communityId,
		date,
		done: doneAt !== null,
		doneAt,
		...visits,
		acks,
		matters,
		entries: entries.map(({ date: _date, ...entry }) => entry),
		comments: comments.map(({ date: _date, ...comment }) => comment),
		may: {
			write: mayWriteDiary(target.standing, target.owner) && doneAt === null && isWritableDate(date, dayOf(now)),
			comment: mayCommentDiary(target.standing, target.owner)
		}
	};
}

/** The month list from the month's marks. */
async function monthWith(target: DiaryTarget, month: DiaryMonth, marks: PeriodMarks): Promise<DiaryMonthDay[]> {
	const key = keyOf(target);
	const dates = monthDates(month);
	const range = { from: dates[0], to: dates[dates.length - 1] };
	const [entries, comments, done] = await Promise.all([entriesOf(key, range), commentsOf(key, range), doneDaysOf(key, range)]);
	const visits = visitsByDay(marks.households, marks.marks, key.userId);
	const entriesByDay = groupedBy(entries, (item) => item.date);
	const commentsByDay = groupedBy(comments, (item) => item.date);
	return dates.map((date) => ({
		date,
		households: visits.get(date) ?? 0,
		entries: entriesByDay.get(date)?.length ?? 0,
		comments: commentsByDay.get(date)?.length ?? 0,
		done: done.has(date)
	}));
}

export async function readDiaryDay(target: DiaryTarget, date: DiaryDate, now = Date.now()): Promise<DiaryDay> {
	return dayWith(target, date, await ownerMarks(target, dayPeriod(date)), now);
}

/** Every day of a month with its figures and marks, for the month list. */
export async function readDiaryMonth(target: DiaryTarget, month: DiaryMonth): Promise<DiaryMonthDay[]> {
	return monthWith(target, month, await ownerMarks(target, monthPeriod(month)));
}

/** A day and its month list, both from the month's marks read once: the page's two figures agree. */
export async function readDiaryDayAndMonth(target: DiaryTarget, date: DiaryDate, now = Date.now()): Promise<{ day: DiaryDay; month: DiaryMonthDay[] }> {
	const month = monthOf(date);
	const marks = await ownerMarks(target, monthPeriod(month));
	const [day, days] = await Promise.all([dayWith(target, date, marks, now), monthWith(target, month, marks)]);
	return { day, month: days };
}

/** Households reached per day of a month by the diary's owner: the figures of the export. */
export async function monthVisits(target: DiaryTarget, month: DiaryMonth): Promise<Map<DiaryDate, number>> {
	const marks = await ownerMarks(target, monthPeriod(month));
	return visitsByDay(marks.households, marks.marks, target.owner.userId);
}
