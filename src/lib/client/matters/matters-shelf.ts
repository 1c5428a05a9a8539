/**
 * The liaison's reports on this phone, in IndexedDB: `grid-dispatch:<userId>:matters`. Store
 * `outbox`: one entry per report, photos as Blobs, keyed by clientKey. Store `kept`: the last
 * fetched lists and the last building, keyed by name. Phones keep this layout between versions.
 */
import { MemoryKeptValues, MemoryStore, type KeptValues } from '$lib/client/outbox/keyed-store';
import { OutboxDatabase } from '$lib/client/outbox/outbox-database';
import type { OutboxShelf, OutboxStorage } from '$lib/client/outbox/outbox-host.svelte';
import { mattersDatabaseName } from '$lib/client/sync/local-data';
import type { OutboxEntry } from './outbox-entry';

export type MattersShelf = OutboxShelf<OutboxEntry> & { kept: KeptValues };

const layout = { version: 1, stores: [{ name: 'outbox', keyPath: 'clientKey' }, { name: 'kept' }] };

export const mattersStorage: OutboxStorage<MattersShelf> = {
	async open(userId) {
		const db = await OutboxDatabase.open(userId, mattersDatabaseName(userId), layout);
		return { records: db.records<OutboxEntry>('outbox', 'clientKey'), kept: db.values('kept'), close: () => db.close() };
	},
	exists: (userId) => OutboxDatabase.exists(mattersDatabaseName(userId)),
	inMemory: () => ({ records: new MemoryStore<OutboxEntry>('clientKey'), kept: new MemoryKeptValues(), close: () => {} })
};
