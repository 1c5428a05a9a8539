import { describe, expect, it } from 'vitest';
import { MemoryStore } from '$lib/client/outbox/keyed-store';
import type { Answer } from '$lib/client/outbox/send-answer';
import type { DiaryTransport } from './diary-api';
import { doneMarked, entryDeleted, entryWritten, type DiaryChange } from './diary-change';
import { DiarySender } from './diary-sender';

type Scripted = Answer<unknown>;
const ok = (body: unknown = { id: 'x', date: '2026-03-05' }): Scripted => ({ kind: 'ok', body });
const noAnswer: Scripted = { kind: 'retry', reason: 'HTTP 0' };
const refused = (status: number, code: string): Scripted => ({ kind: 'refused', refusal: { status, message: code, code } });

function scripted(script: Scripted[]) {
	const calls: string[] = [];
	const next = () => (script.shift() ?? noAnswer) as never;
	const transport: DiaryTransport = {
		async postEntry(body) {
			calls.push(`POST ${body.id} ${body.problem}`);
			return next();
		},
		async patchEntry(id, fields) {
			calls.push(`PATCH ${id} ${fields.problem}`);
			return next();
		},
		async deleteEntry(id) {
			calls.push(`DELETE ${id}`);
			return next();
		},
		async postDone(body) {
			calls.push(`DONE ${body.date}`);
			return next();
		}
	};
	return { transport, calls };
}

const place = (entryId: string) => ({ communityId: 'c1', date: '2026-03-05', entryId });
const fields = (problem: string) => ({ problem, action: '', result: '', matterId: null });

function sender(store: MemoryStore<DiaryChange>, transport: DiaryTransport) {
	const timers: number[] = [];
	const instance = new DiarySender({
		store,
		transport,
		onchange: () => {},
		onsending: () => {},
		now: () => 1000,
		random: () => 0.5,
		setTimer: (_, ms) => timers.push(ms),
		clearTimer: () => {}
	});
	return { instance, timers };
}

describe('DiarySender', () => {
	it('sends a day’s entries, then its done mark, and keeps them as sent', async () => {
		const store = new MemoryStore<DiaryChange>('key');
		await store.put(entryWritten(undefined, place('e1'), fields('楼道堆物'), false, 1));
		await store.put(entryWritten(undefined, place('e2'), fields('路灯不亮'), false, 2));
		await store.put(doneMarked('c1', '2026-03-05', 3));
		const { transport, calls } = scripted([ok(), ok(), ok()]);
		await sender(store, transport).instance.kick();
		expect(calls).toEqual(['POST e1 楼道堆物', 'POST e2 路灯不亮', 'DONE 2026-03-05']);
		expect((await store.all()).map((change) => change.state)).toEqual(['sent', 'sent', 'sent']);
	});

	it('sends the same id again after a lost answer, and edits it when the first one had landed', async () => {
		const store = new MemoryStore<DiaryChange>('key');
		const first = entryWritten(undefined, place('e1'), fields('楼道堆物'), false, 1);
		await store.put(first);
		const { transport, calls } = scripted([noAnswer]);
		const { instance, timers } = sender(store, transport);
		await instance.kick();
		expect(timers.at(-1)).toBe(5000);
		// Edited on the phone meanwhile: the server, which has the first text, says the id is taken.
		await store.put(entryWritten((await store.get('entry:e1')) as never, place('e1'), fields('楼道堆物较多'), false, 5));
		const second = scripted([refused(409, 'error_diary_entry_id_taken'), ok()]);
		await sender(store, second.transport).instance.kick(true);
		expect([...calls, ...second.calls]).toEqual(['POST e1 楼道堆物', 'POST e1 楼道堆物较多', 'PATCH e1 楼道堆物较多']);
		expect((await store.get('entry:e1'))?.state).toBe('sent');
	});

	it('keeps a refused change with the server’s words and goes on with the next', async () => {
		const store = new MemoryStore<DiaryChange>('key');
		await store.put(entryWritten(undefined, place('e1'), fields('太晚了'), false, 1));
		await store.put(entryWritten(undefined, place('e2'), fields('还好'), false, 2));
		const { transport } = scripted([refused(409, 'error_diary_day_done'), ok()]);
		await sender(store, transport).instance.kick();
		expect((await store.get('entry:e1'))).toMatchObject({ state: 'refused', refusal: { code: 'error_diary_day_done' } });
		expect((await store.get('entry:e2'))?.state).toBe('sent');
	});

	it('ends the round at the first failure', async () => {
		const store = new MemoryStore<DiaryChange>('key');
		await store.put(entryWritten(undefined, place('e1'), fields('一'), false, 1));
		await store.put(entryWritten(undefined, place('e2'), fields('二'), false, 2));
		const { transport, calls } = scripted([noAnswer]);
		await sender(store, transport).instance.kick();
		expect(calls).toEqual(['POST e1 一']);
		expect((await store.get('entry:e1'))?.failures).toBe(1);
		expect((await store.get('entry:e2'))?.failures).toBe(0);
	});

	it('deletes on the server what it may have, and forgets what it never sent', async () => {
		const store = new MemoryStore<DiaryChange>('key');
		const tried = { ...entryWritten(undefined, place('e1'), fields('一'), false, 1), attempted: true };
		await store.put(entryDeleted(tried, place('e1'), false, 2)!);
		const { transport, calls } = scripted([ok(null)]);
		await sender(store, transport).instance.kick();
		expect(calls).toEqual(['DELETE e1']);
		expect((await store.get('entry:e1'))?.state).toBe('sent');
	});

	it('tries nothing while the browser knows it is offline', async () => {
		const store = new MemoryStore<DiaryChange>('key');
		await store.put(entryWritten(undefined, place('e1'), fields('一'), false, 1));
		const { transport, calls } = scripted([ok()]);
		const instance = new DiarySender({ store, transport, onchange: () => {}, onsending: () => {}, isOnline: () => false });
		await instance.kick(true);
		expect(calls).toEqual([]);
		expect((await store.get('entry:e1'))?.failures).toBe(0);
	});
});
