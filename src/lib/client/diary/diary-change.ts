/**
 * The liaison's diary changes kept on the phone until the server has them (写在本机, 待发送),
 * and every change of their state, as pure functions: the outbox, the sender and the page call
 * these, the tests pin them down.
 *
 * One record per entry (`entry:<id>`, what the entry should now be: its fields, or deleted) and
 * one per done mark (`done:<community>:<date>`). Editing an entry again while it waits changes
 * the same record (its `revision` moves on), so the server gets the latest text, once:
 *
 *   waiting ──POST (new) / PATCH (edited) / DELETE──▶ sent ──the page's data shows it──▶ gone
 *      │  ▲ no answer, 5xx: back off and try again
 *      └──4xx──▶ refused (kept with the server's words until the liaison discards it)
 */
import type { DiaryDate } from '$lib/domain/diary-dates';
import type { DiaryDay, DiaryEntry } from '$lib/domain/diary-view';
import { freshState, sentKeepMs, type OutboxRecord } from '$lib/client/outbox/outbox-record';

export type EntryFields = { problem: string; action: string; result: string; matterId: string | null };

type Common = OutboxRecord & {
	key: string;
	communityId: string;
	date: DiaryDate;
};

export type EntryChange = Common & {
	kind: 'entry';
	entryId: string;
	/** What the entry should be; null once deleted. */
	fields: EntryFields | null;
	/** The server has (or had) the entry: changes go as PATCH, not POST. */
	onServer: boolean;
	/** A POST was started: it may have landed even without an answer. */
	attempted: boolean;
	/** Moves on with every edit on the phone. */
	revision: number;
	/** The revision the server last confirmed. */
	sentRevision: number;
};

export type DoneChange = Common & { kind: 'done' };

export type DiaryChange = EntryChange | DoneChange;

export const entryKey = (entryId: string) => `entry:${entryId}`;
export const doneKey = (communityId: string, date: DiaryDate) => `done:${communityId}:${date}`;

export const trimmed = (fields: EntryFields): EntryFields => ({
	problem: fields.problem.trim(),
	action: fields.action.trim(),
	result: fields.result.trim(),
	matterId: fields.matterId
});

type Place = { communityId: string; date: DiaryDate; entryId: string };

/**
 * An entry written or edited on the phone. `before`: its record, if one is kept; `onServer`:
 * whether the page shows it from the server (an edit of an entry the server has).
 */
export function entryWritten(before: EntryChange | undefined, place: Place, fields: EntryFields, onServer: boolean, now: number): EntryChange {
	if (before) return { ...before, ...freshState(now), fields: trimmed(fields), revision: before.revision + 1 };
	return {
		key: entryKey(place.entryId),
		kind: 'entry',
		communityId: place.communityId,
		date: place.date,
		entryId: place.entryId,
		createdAt: now,
		...freshState(now),
		fields: trimmed(fields),
		onServer,
		attempted: false,
		revision: 1,
		sentRevision: 0
	};
}

/** An entry deleted on the phone; null when the server never heard of it (nothing to send). */
export function entryDeleted(before: EntryChange | undefined, place: Place, onServer: boolean, now: number): EntryChange | null {
	if (before && !before.onServer && !before.attempted) return null;
	const base = before ?? entryWritten(undefined, place, { problem: '', action: '', result: '', matterId: null }, onServer, now);
	return { ...base, ...freshState(now), fields: null, revision: base.revision + 1 };
}

export function doneMarked(communityId: string, date: DiaryDate, now: number): DoneChange {
	return { key: doneKey(communityId, date), kind: 'done', communityId, date, createdAt: now, ...freshState(now) };
}

/** What the sender does next with a change, as the store has it now. */
export type NextStep = { kind: 'post' | 'patch' | 'delete' | 'done'; revision: number } | { kind: 'drop' } | { kind: 'none' };

export function nextStep(change: DiaryChange): NextStep {
	if (change.state !== 'waiting') return { kind: 'none' };
	if (change.kind === 'done') return { kind: 'done', revision: 0 };
	if (change.fields === null) return change.onServer || change.attempted ? { kind: 'delete', revision: change.revision } : { kind: 'drop' };
	if (!change.onServer) return { kind: 'post', revision: change.revision };
	return change.sentRevision < change.revision ? { kind: 'patch', revision: change.revision } : { kind: 'none' };
}

export function markAttempted(change: DiaryChange): DiaryChange {
	return change.kind === 'entry' ? { ...change, attempted: true } : change;
}

/** The server confirmed `revision`: sent, unless the liaison edited it again meanwhile. */
export function markConfirmed(change: DiaryChange, revision: number, now: number): DiaryChange {
	if (change.kind === 'done') return { ...change, state: 'sent', sentAt: now, failures: 0, refusal: null };
	const confirmed = { ...change, onServer: true, sentRevision: Math.max(change.sentRevision, revision), failures: 0 };
	return confirmed.sentRevision >= change.revision ? { ...confirmed, state: 'sent', sentAt: now, refusal: null } : confirmed;
}

/** The server has an entry under this id already (a POST that landed without an answer): edit it instead. */
export function markOnServer(change: EntryChange): EntryChange {
	return { ...change, onServer: true };
}

const sameFields = (entry: DiaryEntry, fields: EntryFields) =>
	entry.problem === fields.problem && entry.action === fields.action && entry.result === fields.result && entry.matterId === fields.matterId;

/** A sent change the server's day now shows (or an old one) needs no copy on the phone any more. */
export function isSettled(change: DiaryChange, day: Pick<DiaryDay, 'communityId' | 'date' | 'done' | 'entries'> | null, now: number): boolean {
	if (change.state !== 'sent') return false;
	if (now - (change.sentAt ?? 0) > sentKeepMs) return true;
	if (!day || day.communityId !== change.communityId || day.date !== change.date) return false;
	if (change.kind === 'done') return day.done;
	const onServer = day.entries.find((entry) => entry.id === change.entryId);
	return change.fields === null ? !onServer : !!onServer && sameFields(onServer, change.fields);
}
