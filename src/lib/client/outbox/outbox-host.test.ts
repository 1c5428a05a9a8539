import { describe, expect, it } from 'vitest';
import { DiaryOutbox } from '$lib/client/diary/diary-outbox.svelte';
import type { DiaryTransport } from '$lib/client/diary/diary-api';
import type { DiaryShelf } from '$lib/client/diary/diary-shelf';
import type { DiaryChange } from '$lib/client/diary/diary-change';
import { MatterOutbox } from '$lib/client/matters/matter-outbox.svelte';
import type { MattersShelf } from '$lib/client/matters/matters-shelf';
import type { OutboxEntry } from '$lib/client/matters/outbox-entry';
import { MemoryKeptValues, MemoryStore } from './keyed-store';
import type { OutboxStorage } from './outbox-host.svelte';
import type { Answer } from './send-answer';

/** One user's "database": the same records each time it is opened, as IndexedDB keeps them. */
function storedDiary(): OutboxStorage<DiaryShelf> & { records: MemoryStore<DiaryChange>; opens: number } {
	const records = new MemoryStore<DiaryChange>('key');
	const storage = {
		records,
		opens: 0,
		async open() {
			storage.opens++;
			return { records, close: () => {} };
		},
		exists: async () => true,
		inMemory: () => ({ records: new MemoryStore<DiaryChange>('key'), close: () => {} })
	};
	return storage;
}

/** Answers nothing (no signal) until `online` is set, then confirms everything. */
function diaryServer() {
	const server = { online: false, calls: 0, transport: {} as DiaryTransport };
	const answer = async (): Promise<Answer<never>> => {
		server.calls++;
		return (server.online ? { kind: 'ok', body: { id: 'x', date: '2026-03-05' } } : { kind: 'retry', reason: 'HTTP 0' }) as Answer<never>;
	};
	server.transport = { postEntry: answer, patchEntry: answer, deleteEntry: answer, postDone: answer };
	return server;
}

const place = { communityId: 'c1', date: '2026-03-05' };
const fields = (problem: string) => ({ problem, action: '', result: '', matterId: null });

describe('countUnsent', () => {
	it('reads the stored diary changes when the outbox is closed: sign-out must warn, not clear them', async () => {
		const storage = storedDiary();
		const outbox = new DiaryOutbox(storage, diaryServer().transport);
		outbox.open('u1');
		await outbox.writeEntry(place, fields('楼道堆物'));
		expect(await outbox.countUnsent('u1')).toBe(1);
		await outbox.close();
		expect(await outbox.countUnsent('u1')).toBe(1);
	});

	it('reads them when the outbox was never opened in this page', async () => {
		const storage = storedDiary();
		const writer = new DiaryOutbox(storage, diaryServer().transport);
		writer.open('u1');
		await writer.writeEntry(place, fields('路灯不亮'));
		await writer.close();
		expect(await new DiaryOutbox(storage, diaryServer().transport).countUnsent('u1')).toBe(1);
	});

	it('opens no database the user does not have', async () => {
		const storage = { ...storedDiary(), exists: async () => false };
		expect(await new DiaryOutbox(storage, diaryServer().transport).countUnsent('u1')).toBe(0);
		expect(storage.opens).toBe(0);
	});

	it('reads the stored reports when the matters outbox is closed', async () => {
		const records = new MemoryStore<OutboxEntry>('clientKey');
		const shelf: MattersShelf = { records, kept: new MemoryKeptValues(), close: () => {} };
		const storage: OutboxStorage<MattersShelf> = { open: async () => shelf, exists: async () => true, inMemory: () => shelf };
		const noSignal = async () => ({ kind: 'retry', reason: 'HTTP 0' }) as const;
		const outbox = new MatterOutbox(storage, { uploadPhoto: noSignal, postMatter: noSignal });
		outbox.open('u1');
		const draft = { category: 'stairwell', buildingId: 'b5', description: '', urgent: false, handledOnSpot: false };
		await outbox.add({ communityId: 'c1', draft, labels: { category: '楼道卫生', place: '5号楼' }, photos: [] });
		await outbox.close();
		expect(await outbox.countUnsent('u1')).toBe(1);
	});
});

describe('delivered', () => {
	it('moves on once when the outbox empties coming back online, not once per change', async () => {
		const server = diaryServer();
		const storage = storedDiary();
		const outbox = new DiaryOutbox(storage, server.transport);
		outbox.open('u1');
		for (let i = 0; i < 8; i++) await outbox.writeEntry(place, fields(`第${i}条`));
		await expect.poll(() => server.calls).toBeGreaterThan(0);
		expect(outbox.delivered).toBe(0);
		server.online = true;
		outbox.kick(true);
		await expect.poll(async () => (await storage.records.all()).filter((change) => change.state === 'sent').length).toBe(8);
		await expect.poll(() => outbox.delivered).toBe(1);
		// Nothing more arrives later for the same loop.
		await new Promise((resolve) => setTimeout(resolve, 50));
		expect(outbox.delivered).toBe(1);
		await outbox.close();
	});
});
