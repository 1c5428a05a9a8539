import { describe, expect, it } from 'vitest';
import { MemoryStore } from './keyed-store';
import { freshState, markFailed, type OutboxRecord } from './outbox-record';
import { SendLoop, type Outcome } from './send-loop';

type Note = OutboxRecord & { key: string };
const note = (key: string, createdAt: number): Note => ({ key, createdAt, ...freshState(createdAt) });

function loop(store: MemoryStore<Note>, answer: (key: string) => Outcome) {
	const sent: string[] = [];
	let idle = 0;
	const instance = new SendLoop({
		store,
		async sendOne(key) {
			sent.push(key);
			const outcome = answer(key);
			if (outcome === 'sent') await store.update(key, (stored) => ({ ...stored, state: 'sent', sentAt: 1 }));
			if (outcome === 'retry') await store.update(key, (stored) => markFailed(stored, 1000, 0.5));
			return outcome;
		},
		onidle: () => idle++,
		// Given as undefined: the defaults hold.
		exclusive: undefined,
		isOnline: () => true,
		now: () => 1000,
		setTimer: () => 0,
		clearTimer: () => {}
	});
	return { instance, sent, idle: () => idle };
}

describe('SendLoop', () => {
	it('sends the due records oldest first, and says once that it is idle', async () => {
		const store = new MemoryStore<Note>('key');
		await store.put(note('b', 2));
		await store.put(note('a', 1));
		const { instance, sent, idle } = loop(store, () => 'sent');
		await instance.kick();
		expect(sent).toEqual(['a', 'b']);
		expect(idle()).toBe(1);
		await instance.kick();
		expect(idle()).toBe(1);
	});

	it('is not idle while a record still waits, and ends the round at the first retry', async () => {
		const store = new MemoryStore<Note>('key');
		await store.put(note('a', 1));
		await store.put(note('b', 2));
		await store.put(note('c', 3));
		let online = false;
		const { instance, sent, idle } = loop(store, (key) => (key === 'a' || online ? 'sent' : 'retry'));
		await instance.kick();
		expect(sent).toEqual(['a', 'b']);
		expect(idle()).toBe(0);
		online = true;
		await instance.kick(true);
		expect(sent).toEqual(['a', 'b', 'b', 'c']);
		expect(idle()).toBe(1);
	});
});
