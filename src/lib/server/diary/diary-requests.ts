/**
 * Reading diaries from a request's query: the same for the API and the pages. Each checks who
 * asks, then parses, then reads.
 */
import { dayOf, monthOf, type DiaryDate } from '../../domain/diary-dates';
import type { DiaryDay, DiaryMonthDay, DiaryTeamRow } from '../../domain/diary-view';
import { mayReviewDiaries, standingIn, type Standing } from '../../domain/permissions';
import type { SessionUser } from '../auth';
import type { CommunityRef } from '../community';
import { principalOf } from '../guards';
import { refusal } from '../refusal';
import { viewedCommunity } from '../viewed-community';
import { diaryTarget, requireDiaryUser, type DiaryTarget } from './diary-access';
import { readDiaryDay, readDiaryMonth } from './diary-day';
import { diaryDownload } from './diary-export';
import { dayQuerySchema, exportQuerySchema, monthQuerySchema, parseDiary, readableDate, teamQuerySchema } from './diary-input';
import { diaryTeam } from './diary-team';

/** A request's query as the schemas read it. */
export const queryOf = (url: URL) => Object.fromEntries(url.searchParams);

/** What names a day of a diary: the query of `GET /api/diaries`, or a page's address. */
export type DayQuery = { userId?: string; date?: string; community?: string };

/** The diary and the day a query names; by default the caller's own, today. */
export async function requestedDay(user: SessionUser | null, dayQuery: DayQuery, now = Date.now()): Promise<{ target: DiaryTarget; date: DiaryDate }> {
	const caller = requireDiaryUser(user);
	const input = parseDiary(dayQuerySchema, dayQuery);
	const date = readableDate(input.date ?? dayOf(now), now);
	return { target: await diaryTarget(caller, input.userId ?? caller.id, input.community), date };
}

/** `?userId=&date=&community=`: a day of a diary. */
export async function diaryDayRequest(user: SessionUser | null, dayQuery: DayQuery, now = Date.now()): Promise<DiaryDay> {
	const { target, date } = await requestedDay(user, dayQuery, now);
	return readDiaryDay(target, date, now);
}

/** `?userId=&month=&community=`: the month list of a diary; by default the caller's, this month. */
export async function diaryMonthRequest(user: SessionUser | null, url: URL, now = Date.now()): Promise<DiaryMonthDay[]> {
	const caller = requireDiaryUser(user);
	const input = parseDiary(monthQuerySchema, queryOf(url));
	const target = await diaryTarget(caller, input.userId ?? caller.id, input.community);
	return readDiaryMonth(target, input.month ?? monthOf(dayOf(now)));
}

/** `?userId=&month=YYYY-MM&community=`: the month as .xlsx. */
export async function diaryExportRequest(user: SessionUser | null, url: URL): Promise<Response> {
	const caller = requireDiaryUser(user);
	const input = parseDiary(exportQuerySchema, queryOf(url));
	const target = await diaryTarget(caller, input.userId ?? caller.id, input.community);
	return diaryDownload(target, input.month);
}

export type DiaryReviewer = { community: CommunityRef; standing: Standing };

/** The community whose liaisons' diaries the caller reviews (`?community=` picks one of several); 403 for anyone else. */
export async function diaryReviewer(user: SessionUser | null, url: URL): Promise<DiaryReviewer> {
	const caller = requireDiaryUser(user);
	const community = await viewedCommunity(caller, url);
	const standing = community ? standingIn(principalOf(caller), community) : null;
	if (!community || !standing || !mayReviewDiaries(standing)) throw refusal(403, 'error_diary_review_forbidden');
	return { community, standing };
}

/** `?date=&community=`: the list of liaisons' diaries of a day, by default today. */
export async function diaryTeamRequest(user: SessionUser | null, url: URL, now = Date.now()): Promise<{ reviewer: DiaryReviewer; date: DiaryDate; rows: DiaryTeamRow[] }> {
	requireDiaryUser(user);
	const input = parseDiary(teamQuerySchema, queryOf(url));
	const reviewer = await diaryReviewer(user, url);
	const date = readableDate(input.date ?? dayOf(now), now);
	return { reviewer, date, rows: await diaryTeam(reviewer.standing, date) };
}
