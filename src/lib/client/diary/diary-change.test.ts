import { describe, expect, it } from 'vitest';
import { doneMarked, entryDeleted, entryWritten, isSettled, markConfirmed, markOnServer, nextStep, type EntryChange } from './diary-change';
import { overlayDay } from './diary-overlay';
import { newId } from '$lib/client/outbox/outbox-record';

const place = { communityId: 'c1', date: '2026-03-05', entryId: 'e1' };
const fields = { problem: ' 楼道堆物 ', action: '联系住户', result: '', matterId: null };
const serverEntry = (id: string, problem = '楼道堆物') => ({ id, problem, action: '联系住户', result: '', matterId: null, createdAt: 1, updatedAt: 1 });
const day = (entries: ReturnType<typeof serverEntry>[], done = false) => ({ communityId: 'c1', date: '2026-03-05', done, entries });

describe('a diary change', () => {
	it('makes 32 hex digit ids', () => {
		expect(newId((bytes) => bytes.fill(171))).toBe('ab'.repeat(16));
	});

	it('is posted when new, patched once the server has it, and sent when the server confirmed its latest revision', () => {
		const written = entryWritten(undefined, place, fields, false, 10);
		expect(written).toMatchObject({ key: 'entry:e1', fields: { problem: '楼道堆物' }, revision: 1, onServer: false, state: 'waiting' });
		expect(nextStep(written)).toEqual({ kind: 'post', revision: 1 });
		// Edited again while the POST was under way: the server confirms revision 1, a PATCH follows.
		const edited = entryWritten(written, place, { ...fields, result: '已清理' }, false, 20);
		const confirmed = markConfirmed(edited, 1, 30) as EntryChange;
		expect([confirmed.state, confirmed.onServer]).toEqual(['waiting', true]);
		expect(nextStep(confirmed)).toEqual({ kind: 'patch', revision: 2 });
		const sent = markConfirmed(confirmed, 2, 40);
		expect([sent.state, sent.sentAt]).toEqual(['sent', 40]);
		expect(nextStep(sent)).toEqual({ kind: 'none' });
		// A POST that landed without an answer: the server's 409 turns it into an edit.
		expect(nextStep(markOnServer(written))).toEqual({ kind: 'patch', revision: 1 });
	});

	it('deleted before any try is simply forgotten; after a try, or on the server, it is deleted there', () => {
		const written = entryWritten(undefined, place, fields, false, 10);
		expect(entryDeleted(written, place, false, 20)).toBeNull();
		const tried = entryDeleted({ ...written, attempted: true }, place, false, 20)!;
		expect(nextStep(tried)).toEqual({ kind: 'delete', revision: 2 });
		const fromServer = entryDeleted(undefined, place, true, 20)!;
		expect([fromServer.fields, nextStep(fromServer).kind]).toEqual([null, 'delete']);
	});

	it('is settled once the server’s day shows it, or a day after it was sent', () => {
		const sent = markConfirmed(entryWritten(undefined, place, fields, false, 10), 1, 100);
		expect(isSettled(sent, day([]), 200)).toBe(false);
		expect(isSettled(sent, day([serverEntry('e1')]), 200)).toBe(true);
		expect(isSettled(sent, day([serverEntry('e1', '别的')]), 200)).toBe(false);
		expect(isSettled(sent, null, 100 + 24 * 3_600_000 + 1)).toBe(true);
		const deleted = markConfirmed(entryDeleted(undefined, place, true, 10)!, 2, 100);
		expect(isSettled(deleted, day([serverEntry('e1')]), 200)).toBe(false);
		expect(isSettled(deleted, day([]), 200)).toBe(true);
		const done = markConfirmed(doneMarked('c1', '2026-03-05', 10), 0, 100);
		expect([isSettled(done, day([]), 200), isSettled(done, day([], true), 200)]).toEqual([false, true]);
	});
});

describe('the day shown on the phone', () => {
	it('lays the waiting changes over the server’s day', () => {
		const added = entryWritten(undefined, { ...place, entryId: 'new' }, { ...fields, problem: '路灯不亮' }, false, 10);
		const edited = entryWritten(undefined, { ...place, entryId: 'a' }, { ...fields, problem: '改过的' }, true, 11);
		const deleted = entryDeleted(undefined, { ...place, entryId: 'b' }, true, 12)!;
		const elsewhere = entryWritten(undefined, { ...place, date: '2026-03-04', entryId: 'x' }, fields, false, 13);
		const shown = overlayDay(day([serverEntry('a'), serverEntry('b'), serverEntry('c')]), [added, edited, deleted, elsewhere, doneMarked('c1', '2026-03-05', 14)]);
		expect(shown.entries.map((e) => [e.id, e.problem, e.sync])).toEqual([
			['a', '改过的', 'waiting'],
			['c', '楼道堆物', null],
			['new', '路灯不亮', 'waiting']
		]);
		expect([shown.done, shown.donePending]).toEqual([true, true]);
		expect(shown.refusals).toEqual([]);
	});

	it('keeps an entry whose deletion was refused, and says why', () => {
		const refusal = { status: 409, message: '这一天的日志已标记完成，不能再修改。', code: 'error_diary_day_done' };
		const deleted = { ...entryDeleted(undefined, place, true, 12)!, state: 'refused' as const, refusal };
		const shown = overlayDay(day([serverEntry('e1')]), [deleted]);
		expect(shown.entries.map((e) => e.id)).toEqual(['e1']);
		expect(shown.refusals).toEqual([{ key: 'entry:e1', refusal }]);
	});
});
