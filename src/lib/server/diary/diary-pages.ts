/**
 * What the diary pages are sent: a day with its month list, and for the liaison's own diary the
 * matters an entry may name. Refusals become the error page (404 for a diary one may not read).
 */
import { dayOf, type DiaryDate } from '../../domain/diary-dates';
import { diaryCommentKind } from '../../domain/diary';
import type { DiaryCommentKind, DiaryDay, DiaryMonthDay, LinkableMatter } from '../../domain/diary-view';
import { mayReviewDiaries, mayWriteDiary } from '../../domain/permissions';
import type { SessionUser } from '../auth';
import { listMatters } from '../matters/matter-records';
import { HttpRefusal, refusalPage } from '../refusal';
import type { DiaryTarget } from './diary-access';
import { readDiaryDayAndMonth } from './diary-day';
import { requestedDay, type DayQuery } from './diary-requests';

export type DiaryPageData = {
	day: DiaryDay;
	month: DiaryMonthDay[];
	today: DiaryDate;
	/** The matters the owner may link (its own diary only; empty for readers). */
	linkable: LinkableMatter[];
	/** The diary is the reader's own (it may write in it on days still open). */
	own: boolean;
	/** The reader also has a list of liaisons' diaries. */
	reviews: boolean;
	/** What the reader's comment would be: 点评 or 抽查. */
	commentKind: DiaryCommentKind;
};

const linkableDays = 30;

/** The matters the owner's entry form lists (asked only for a day it may still write). */
async function linkableMatters(target: DiaryTarget, now: number): Promise<LinkableMatter[]> {
	const { matters } = await listMatters(target.standing, { since: new Date(now - linkableDays * 86_400_000), limit: 50 }, now);
	return matters.map((m) => ({ id: m.id, description: m.description, buildingLabel: m.buildingLabel }));
}

/** A day of a diary (the query or the route names whose and which), its month, and what the form needs. */
export async function diaryPageData(user: SessionUser, dayQuery: DayQuery, now = Date.now()): Promise<DiaryPageData> {
	try {
		const { target, date } = await requestedDay(user, dayQuery, now);
		const { day, month } = await readDiaryDayAndMonth(target, date, now);
		const linkable = day.may.write ? await linkableMatters(target, now) : [];
		return { day, month, today: dayOf(now), linkable, own: mayWriteDiary(target.standing, target.owner), reviews: mayReviewDiaries(target.standing), commentKind: diaryCommentKind(target.standing) };
	} catch (caught) {
		if (caught instanceof HttpRefusal) refusalPage(caught);
		throw caught;
	}
}
