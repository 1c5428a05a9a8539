/**
 * The liaison's unsent diary changes in IndexedDB: `grid-dispatch:<userId>:diary`. One store,
 * `changes`, keyed by the change's key. Phones keep this layout between versions.
 */
import { MemoryStore } from '$lib/client/outbox/keyed-store';
import { OutboxDatabase } from '$lib/client/outbox/outbox-database';
import type { OutboxShelf, OutboxStorage } from '$lib/client/outbox/outbox-host.svelte';
import { userPrefix } from '$lib/client/sync/local-data';
import type { DiaryChange } from './diary-change';

export type DiaryShelf = OutboxShelf<DiaryChange>;

export const diaryDatabaseName = (userId: string) => `${userPrefix(userId)}diary`;

const layout = { version: 1, stores: [{ name: 'changes', keyPath: 'key' }] };

export const diaryStorage: OutboxStorage<DiaryShelf> = {
	async open(userId) {
		const db = await OutboxDatabase.open(userId, diaryDatabaseName(userId), layout);
		return { records: db.records<DiaryChange>('changes', 'key'), close: () => db.close() };
	},
	exists: (userId) => OutboxDatabase.exists(diaryDatabaseName(userId)),
	inMemory: () => ({ records: new MemoryStore<DiaryChange>('key'), close: () => {} })
};
