/** The diary API as the liaison's phone calls it: addresses, and the requests the outbox sends. */
import { requestJson, type Fetch } from '$lib/client/outbox/request-json';
import { answerOf, type Answer } from '$lib/client/outbox/send-answer';
import type { DiaryDate, DiaryMonth } from '$lib/domain/diary-dates';
import type { EntryFields } from './diary-change';

const inCommunity = (joint: '?' | '&', communityId: string) => `${joint}community=${encodeURIComponent(communityId)}`;

export const diaryUrls = {
	entries: '/api/diaries/entries',
	entry: (entryId: string) => `/api/diaries/entries/${encodeURIComponent(entryId)}`,
	done: '/api/diaries/done',
	comments: '/api/diaries/comments',
	/** The liaison's own day: `/diary?date=`; the community keeps a person of two communities in the one it is looking at. */
	ownDay: (date: DiaryDate, communityId: string) => `/diary?date=${date}${inCommunity('&', communityId)}`,
	/** The page of a liaison's day for its readers. */
	day: (userId: string, date: DiaryDate, communityId: string) => `/diary/${encodeURIComponent(userId)}/${date}${inCommunity('?', communityId)}`,
	team: (date: DiaryDate, communityId: string) => `/diary/team?date=${date}${inCommunity('&', communityId)}`,
	export: (userId: string, month: DiaryMonth, communityId: string) =>
		`/api/diaries/export.xlsx?userId=${encodeURIComponent(userId)}&month=${month}${inCommunity('&', communityId)}`
};

const timeoutMs = 30_000;

export type DiaryTransport = {
	postEntry(body: { id: string; date: DiaryDate; community: string } & EntryFields): Promise<Answer<{ id: string }>>;
	patchEntry(entryId: string, fields: EntryFields): Promise<Answer<{ id: string }>>;
	/** A 404 is a success here: the entry is gone, as wanted. */
	deleteEntry(entryId: string): Promise<Answer<null>>;
	postDone(body: { date: DiaryDate; community: string }): Promise<Answer<{ date: string }>>;
};

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
const hasId = (value: unknown): value is { id: string } => isRecord(value) && typeof value.id === 'string';
const hasDate = (value: unknown): value is { date: string } => isRecord(value) && typeof value.date === 'string';
const json = (method: string, body: unknown): RequestInit => ({ method, body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });

export function diaryTransport(fetcher: Fetch = (...args) => fetch(...args)): DiaryTransport {
	return {
		async postEntry(body) {
			const { status, body: answer } = await requestJson(fetcher, diaryUrls.entries, json('POST', body), timeoutMs);
			return answerOf(status, answer, hasId);
		},
		async patchEntry(entryId, fields) {
			const { status, body } = await requestJson(fetcher, diaryUrls.entry(entryId), json('PATCH', fields), timeoutMs);
			return answerOf(status, body, hasId);
		},
		async deleteEntry(entryId) {
			const { status, body } = await requestJson(fetcher, diaryUrls.entry(entryId), { method: 'DELETE' }, timeoutMs);
			return answerOf(status === 404 ? 204 : status, status === 404 ? null : body, (value): value is null => value === null);
		},
		async postDone(body) {
			const { status, body: answer } = await requestJson(fetcher, diaryUrls.done, json('POST', body), timeoutMs);
			return answerOf(status, answer, hasDate);
		}
	};
}
