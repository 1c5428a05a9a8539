import { describe, expect, it } from 'vitest';
import type { Transport } from './matter-api';
import { createEntry, type OutboxEntry } from './outbox-entry';
import { OutboxSender, type SenderOptions } from './outbox-sender';
import { MemoryStore } from '$lib/client/outbox/keyed-store';
import type { Answer } from '$lib/client/outbox/send-answer';

type Scripted = Answer<{ id: string }> | Answer<{ id: string; status: 'reported' }>;

/** Answers from a script, in order; records every request. */
function scriptedTransport(script: Scripted[]) {
	const calls: string[] = [];
	const next = () => script.shift() ?? { kind: 'retry' as const, reason: 'script ended' };
	const transport: Transport = {
		async uploadPhoto(communityId) {
			calls.push(`photo ${communityId}`);
			return next() as Answer<{ id: string }>;
		},
		async postMatter(communityId, body) {
			calls.push(`matter ${communityId} ${JSON.stringify((body as { photoIds: string[] }).photoIds)}`);
			return next() as Answer<{ id: string; status: 'reported' }>;
		}
	};
	return { transport, calls };
}

const ok = <T>(body: T) => ({ kind: 'ok' as const, body });
const noAnswer = { kind: 'retry' as const, reason: 'HTTP 0' };

function entry(clientKey: string, photos: number, createdAt = 0): OutboxEntry {
	return createEntry({
		clientKey,
		communityId: 'c1',
		now: createdAt,
		draft: { category: 'stairwell', buildingId: 'b5', description: '', urgent: false, handledOnSpot: false },
		labels: { category: '楼道卫生', place: '5号楼' },
		photos: Array.from({ length: photos }, () => new Blob(['x'], { type: 'image/jpeg' }))
	});
}

function sender(store: MemoryStore<OutboxEntry>, transport: Transport, extra: Partial<SenderOptions> = {}) {
	const timers: number[] = [];
	const changes: OutboxEntry[] = [];
	const instance = new OutboxSender({
		store,
		transport,
		onchange: (changed) => changes.push(changed),
		onsending: () => {},
		now: () => 1000,
		random: () => 0.5,
		setTimer: (_, ms) => timers.push(ms),
		clearTimer: () => {},
		...extra
	});
	return { instance, timers, changes };
}

describe('OutboxSender', () => {
	it('uploads each photo, then posts the matter with their ids, and marks it sent', async () => {
		const store = new MemoryStore<OutboxEntry>('clientKey');
		await store.put(entry('k1', 2));
		const { transport, calls } = scriptedTransport([ok({ id: 'p1' }), ok({ id: 'p2' }), ok({ id: 'm1', status: 'reported' })]);
		await sender(store, transport).instance.kick();
		expect(calls).toEqual(['photo c1', 'photo c1', 'matter c1 ["p1","p2"]']);
		expect(await store.get('k1')).toMatchObject({ state: 'sent', matterId: 'm1', matterStatus: 'reported' });
	});

	it('does not upload a photo again after a failure: the next try goes on from the next photo', async () => {
		const store = new MemoryStore<OutboxEntry>('clientKey');
		await store.put(entry('k1', 2));
		const first = scriptedTransport([ok({ id: 'p1' }), noAnswer]);
		const { instance, timers } = sender(store, first.transport);
		await instance.kick();
		expect(await store.get('k1')).toMatchObject({ state: 'waiting', failures: 1 });
		expect(timers.at(-1)).toBe(5000);

		// As after a reload: a new sender over what was stored.
		const second = scriptedTransport([ok({ id: 'p2' }), ok({ id: 'm1', status: 'reported' })]);
		await sender(store, second.transport).instance.kick(true);
		expect(second.calls).toEqual(['photo c1', 'matter c1 ["p1","p2"]']);
		expect((await store.get('k1'))?.state).toBe('sent');
	});

	it('sends the same clientKey again when the answer to the matter was lost', async () => {
		const store = new MemoryStore<OutboxEntry>('clientKey');
		await store.put(entry('k1', 0));
		const keys: string[] = [];
		const transport: Transport = {
			uploadPhoto: async () => noAnswer,
			postMatter: async (_, body) => {
				keys.push((body as { clientKey: string }).clientKey);
				return keys.length === 1 ? noAnswer : ok({ id: 'm1', status: 'reported' as const });
			}
		};
		const { instance } = sender(store, transport);
		await instance.kick();
		await instance.kick(true);
		expect(keys).toEqual(['k1', 'k1']);
		expect((await store.get('k1'))?.state).toBe('sent');
	});

	it('keeps a refused report with the server’s words and goes on with the next one', async () => {
		const store = new MemoryStore<OutboxEntry>('clientKey');
		await store.put(entry('old', 1, 1));
		await store.put(entry('new', 0, 2));
		const refusal = { status: 415, message: '不是图片', code: 'photo-type' };
		const { transport, calls } = scriptedTransport([{ kind: 'refused', refusal }, ok({ id: 'm2', status: 'reported' })]);
		const { instance, timers } = sender(store, transport);
		await instance.kick();
		expect(calls).toEqual(['photo c1', 'matter c1 []']);
		expect(await store.get('old')).toMatchObject({ state: 'refused', refusal, photos: [{ uploadedId: null }] });
		expect((await store.get('new'))?.state).toBe('sent');
		// Nothing waits any more: no timer.
		expect(timers).toEqual([]);
		// A refused report is not sent again by itself, even when forced.
		await instance.kick(true);
		expect(calls).toHaveLength(2);
	});

	it('ends the round at the first failure and leaves the others for later', async () => {
		const store = new MemoryStore<OutboxEntry>('clientKey');
		await store.put(entry('a', 0, 1));
		await store.put(entry('b', 0, 2));
		const { transport, calls } = scriptedTransport([noAnswer]);
		const { instance, timers } = sender(store, transport);
		await instance.kick();
		expect(calls).toHaveLength(1);
		expect((await store.get('b'))?.failures).toBe(0);
		// b is due at once, so the next round is soon (at least a second away).
		expect(timers.at(-1)).toBe(1000);
	});

	it('waits out the back-off unless forced', async () => {
		const store = new MemoryStore<OutboxEntry>('clientKey');
		await store.put({ ...entry('k1', 0), failures: 3, nextTryAt: 60_000 });
		const { transport, calls } = scriptedTransport([ok({ id: 'm1', status: 'reported' })]);
		const { instance, timers } = sender(store, transport);
		await instance.kick();
		expect(calls).toEqual([]);
		expect(timers.at(-1)).toBe(59_000);
		await instance.kick(true);
		expect(calls).toHaveLength(1);
	});

	it('does not bring back a report discarded while it was being sent', async () => {
		const store = new MemoryStore<OutboxEntry>('clientKey');
		await store.put(entry('k1', 1));
		const transport: Transport = {
			uploadPhoto: async () => {
				await store.delete('k1');
				return ok({ id: 'p1' });
			},
			postMatter: async () => ok({ id: 'm1', status: 'reported' as const })
		};
		const { instance, changes } = sender(store, transport);
		await instance.kick();
		expect(await store.get('k1')).toBeUndefined();
		expect(changes).toEqual([]);
	});

	it('leaves the sending to another tab that holds the lock, and looks again later', async () => {
		const store = new MemoryStore<OutboxEntry>('clientKey');
		await store.put(entry('k1', 0));
		const { transport, calls } = scriptedTransport([]);
		const { instance, timers } = sender(store, transport, { exclusive: async () => false });
		await instance.kick();
		expect(calls).toEqual([]);
		expect(timers).toEqual([30_000]);
	});

	it('runs one round at a time; a kick during a round asks for one more', async () => {
		const store = new MemoryStore<OutboxEntry>('clientKey');
		await store.put(entry('a', 0, 1));
		let release = () => {};
		const gate = new Promise<void>((resolve) => (release = resolve));
		const posted: string[] = [];
		const transport: Transport = {
			uploadPhoto: async () => noAnswer,
			postMatter: async (_, body) => {
				posted.push((body as { clientKey: string }).clientKey);
				if (posted.length === 1) await gate;
				return ok({ id: `m${posted.length}`, status: 'reported' as const });
			}
		};
		const { instance } = sender(store, transport);
		const first = instance.kick();
		await Promise.resolve();
		await store.put(entry('b', 0, 2));
		const second = instance.kick();
		release();
		await Promise.all([first, second]);
		expect(posted).toEqual(['a', 'b']);
	});

	it('tries nothing while the browser knows it is offline, and counts no failure', async () => {
		const store = new MemoryStore<OutboxEntry>('clientKey');
		await store.put(entry('k1', 1));
		const { transport, calls } = scriptedTransport([]);
		const { instance, timers } = sender(store, transport, { isOnline: () => false });
		await instance.kick(true);
		expect(calls).toEqual([]);
		expect(timers).toEqual([]);
		expect((await store.get('k1'))?.failures).toBe(0);
	});

	it('sends nothing after stop', async () => {
		const store = new MemoryStore<OutboxEntry>('clientKey');
		await store.put(entry('k1', 0));
		const { transport, calls } = scriptedTransport([]);
		const { instance } = sender(store, transport);
		instance.stop();
		await instance.kick(true);
		expect(calls).toEqual([]);
	});
});
