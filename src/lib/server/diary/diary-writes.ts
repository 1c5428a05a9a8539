/**
 * Changes to a diary: the liaison's entries and done mark, a chief's or the secretary's
 * comment. Each runs under a lock of its day, so the done mark and a late entry, or two
 * entries at the cap, never slip past each other. The same id sent again answers what the first
 * request made (a phone resending after a lost answer); a different write under a used id is refused.
 */
import { and, count, eq, max, sql } from 'drizzle-orm';
import * as v from 'valibot';
import { diaryCommentKind, isWritableDate } from '../../domain/diary';
import { dayOf, type DiaryDate } from '../../domain/diary-dates';
import { diaryLimits, type DiaryComment, type DiaryEntry } from '../../domain/diary-view';
import { mayCommentDiary, maySeeMatter, mayWriteDiary } from '../../domain/permissions';
import type { SessionUser } from '../auth';
import { db, type Tx } from '../db';
import { diaryComments, diaryDays, diaryEntries } from '../db/schema';
import { newId } from '../ids';
import { matterRow, matterState } from '../matters/matter-access';
import { refusal } from '../refusal';
import { diaryTarget, type DiaryTarget } from './diary-access';
import { commentSchema, doneSchema, entryChangeSchema, idSchema, newEntrySchema, parseDiary, readableDate } from './diary-input';
import { entryOf, type DiaryKey } from './diary-records';

type EntryRow = typeof diaryEntries.$inferSelect;

const notWriter = () => refusal(403, 'error_diary_write_forbidden');

/** The caller's own diary in `communityId` (or its first), when the caller may write one. */
const ownDiary = (user: SessionUser, communityId?: string) => diaryTarget(user, user.id, communityId, { may: mayWriteDiary, missing: notWriter });

function requireWritable(date: DiaryDate, now: number): void {
	if (!isWritableDate(date, dayOf(now))) throw refusal(409, 'error_diary_day_closed', { days: diaryLimits.writableDays });
}

/** A matter an entry may name: one of the diary's community that the liaison may see. */
async function requireLinkable(target: DiaryTarget, matterId: string | null | undefined): Promise<void> {
	if (!matterId) return;
	const row = await matterRow(matterId);
	if (!row || row.communityId !== target.community.id || !maySeeMatter(target.standing, matterState(row))) {
		throw refusal(400, 'error_diary_matter_unknown');
	}
}

/**
 * Holds a lock of one diary day until `tx` ends: `entries` for the entries and the done mark,
 * `comments` for the comments (which a done day still takes, so they need not wait for it).
 */
async function lockDay(tx: Tx, what: 'entries' | 'comments', key: DiaryKey, date: DiaryDate): Promise<void> {
	const name = what === 'entries' ? 'diary' : 'diary-comments';
	await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`grid-dispatch:${name}:${key.userId}:${key.communityId}:${date}`}))`);
}

async function doneAtOf(tx: Tx, key: DiaryKey, date: DiaryDate): Promise<Date | null> {
	const [row] = await tx
		.select({ doneAt: diaryDays.doneAt })
		.from(diaryDays)
		.where(and(eq(diaryDays.userId, key.userId), eq(diaryDays.communityId, key.communityId), eq(diaryDays.date, date)));
	return row?.doneAt ?? null;
}

/** Runs `work` holding the day's lock; refuses when the day is done (unless `evenIfDone` answers first). */
async function withinDay<T>(key: DiaryKey, date: DiaryDate, work: (tx: Tx) => Promise<T>, evenIfDone?: (tx: Tx) => Promise<T | null>): Promise<T> {
	return db().transaction(async (tx) => {
		await lockDay(tx, 'entries', key, date);
		const repeated = evenIfDone ? await evenIfDone(tx) : null;
		if (repeated !== null) return repeated;
		if (await doneAtOf(tx, key, date)) throw refusal(409, 'error_diary_day_done');
		return work(tx);
	});
}

export type EntryAnswer = { entry: DiaryEntry & { date: DiaryDate }; created: boolean };

/** A new entry in the caller's diary (201), or the same one again for a repeated id (200). */
export async function createEntry(user: SessionUser, body: unknown, now = Date.now()): Promise<EntryAnswer> {
	const input = parseDiary(newEntrySchema, body);
	const target = await ownDiary(user, input.community);
	requireWritable(input.date, now);
	await requireLinkable(target, input.matterId);
	const key = { communityId: target.community.id, userId: target.owner.userId };
	const id = input.id ?? newId();
	const fields = { problem: input.problem, action: input.action, result: input.result, matterId: input.matterId };
	const again = async (tx: Tx): Promise<EntryAnswer | null> => {
		const [row] = await tx.select().from(diaryEntries).where(eq(diaryEntries.id, id));
		if (!row) return null;
		const same = row.userId === key.userId && row.communityId === key.communityId && row.date === input.date;
		if (!same || (Object.keys(fields) as (keyof typeof fields)[]).some((name) => row[name] !== fields[name])) throw refusal(409, 'error_diary_entry_id_taken');
		return { entry: entryOf(row), created: false };
	};
	return withinDay(
		key,
		input.date,
		async (tx) => {
			const [{ n }] = await tx
				.select({ n: count() })
				.from(diaryEntries)
				.where(and(eq(diaryEntries.userId, key.userId), eq(diaryEntries.communityId, key.communityId), eq(diaryEntries.date, input.date)));
			if (n >= diaryLimits.entriesPerDay) throw refusal(409, 'error_diary_too_many_entries', { max: diaryLimits.entriesPerDay });
			const stamp = new Date(now);
			const [row] = await tx
				.insert(diaryEntries)
				.values({ id, ...key, date: input.date, ...fields, createdAt: stamp, updatedAt: stamp })
				.returning();
			return { entry: entryOf(row), created: true };
		},
		again
	);
}

/** The caller's own entry and diary; 404 for anyone else's, so a guessed id tells nothing. */
async function ownEntry(user: SessionUser, entryId: string): Promise<{ row: EntryRow; target: DiaryTarget }> {
	const [row] = v.is(idSchema, entryId) ? await db().select().from(diaryEntries).where(eq(diaryEntries.id, entryId)) : [];
	if (!row || row.userId !== user.id) throw refusal(404, 'error_diary_entry_not_found');
	return { row, target: await ownDiary(user, row.communityId) };
}

export async function changeEntry(user: SessionUser, entryId: string, body: unknown, now = Date.now()): Promise<DiaryEntry & { date: DiaryDate }> {
	const change = parseDiary(entryChangeSchema, body);
	const { row, target } = await ownEntry(user, entryId);
	requireWritable(row.date, now);
	await requireLinkable(target, change.matterId);
	return withinDay({ communityId: row.communityId, userId: row.userId }, row.date, async (tx) => {
		const [changed] = await tx
			.update(diaryEntries)
			.set({ ...change, updatedAt: new Date(now) })
			.where(eq(diaryEntries.id, row.id))
			.returning();
		if (!changed) throw refusal(404, 'error_diary_entry_not_found');
		return entryOf(changed);
	});
}

export async function deleteEntry(user: SessionUser, entryId: string, now = Date.now()): Promise<void> {
	const { row } = await ownEntry(user, entryId);
	requireWritable(row.date, now);
	await withinDay({ communityId: row.communityId, userId: row.userId }, row.date, async (tx) => {
		await tx.delete(diaryEntries).where(eq(diaryEntries.id, row.id));
	});
}

/**
 * 完成: the day's entries are final. Marking it again answers the first mark. Under the day's
 * lock, so an entry is either written before the mark (and the mark is not earlier than it) or
 * refused after it.
 */
export async function markDone(user: SessionUser, body: unknown, now = Date.now()): Promise<{ date: DiaryDate; doneAt: number }> {
	const input = parseDiary(doneSchema, body);
	const target = await ownDiary(user, input.community);
	requireWritable(input.date, now);
	const key = { communityId: target.community.id, userId: target.owner.userId };
	const answer = (doneAt: Date) => ({ date: input.date, doneAt: doneAt.getTime() });
	const first = async (tx: Tx) => {
		const doneAt = await doneAtOf(tx, key, input.date);
		return doneAt && answer(doneAt);
	};
	return withinDay(
		key,
		input.date,
		async (tx) => {
			// An entry that took the lock first may carry a later clock reading than this request's.
			const [{ latest }] = await tx
				.select({ latest: max(diaryEntries.updatedAt) })
				.from(diaryEntries)
				.where(and(eq(diaryEntries.userId, key.userId), eq(diaryEntries.communityId, key.communityId), eq(diaryEntries.date, input.date)));
			const doneAt = new Date(Math.max(now, latest ? new Date(latest).getTime() : 0));
			await tx.insert(diaryDays).values({ ...key, date: input.date, doneAt });
			return answer(doneAt);
		},
		first
	);
}

export type CommentAnswer = { comment: DiaryComment; created: boolean };

/** A chief's 点评 or the secretary's 抽查 on a liaison's day (201), or the same one again (200). */
export async function addComment(caller: SessionUser, body: unknown, now = Date.now()): Promise<CommentAnswer> {
	const input = parseDiary(commentSchema, body);
	const date = readableDate(input.date, now);
	const target = await diaryTarget(caller, input.userId, input.community, { may: mayCommentDiary });
	const key = { communityId: target.community.id, userId: target.owner.userId };
	const id = input.id ?? newId();
	const view = (row: typeof diaryComments.$inferSelect): DiaryComment => ({
		id: row.id,
		kind: row.kind,
		authorId: row.authorId,
		authorName: caller.displayName,
		text: row.text,
		at: row.createdAt.getTime()
	});
	return db().transaction(async (tx) => {
		await lockDay(tx, 'comments', key, date);
		const [existing] = await tx.select().from(diaryComments).where(eq(diaryComments.id, id));
		if (existing) {
			const same = existing.authorId === caller.id && existing.userId === key.userId && existing.date === date && existing.text === input.text;
			if (!same) throw refusal(409, 'error_diary_comment_id_taken');
			return { comment: view(existing), created: false };
		}
		const [{ n }] = await tx
			.select({ n: count() })
			.from(diaryComments)
			.where(and(eq(diaryComments.userId, key.userId), eq(diaryComments.communityId, key.communityId), eq(diaryComments.date, date)));
		if (n >= diaryLimits.commentsPerDay) throw refusal(409, 'error_diary_too_many_comments', { max: diaryLimits.commentsPerDay });
		const [row] = await tx
			.insert(diaryComments)
			.values({ id, ...key, date, authorId: caller.id, kind: diaryCommentKind(target.standing), text: input.text, createdAt: new Date(now) })
			.returning();
		return { comment: view(row), created: true };
	});
}
