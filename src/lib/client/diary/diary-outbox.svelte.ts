import { createContext } from 'svelte';
import { OutboxHost, type OutboxStorage } from '$lib/client/outbox/outbox-host.svelte';
import { newId, oldestFirst } from '$lib/client/outbox/outbox-record';
import type { DiaryDate } from '$lib/domain/diary-dates';
import type { DiaryDay } from '$lib/domain/diary-view';
import { diaryTransport, type DiaryTransport } from './diary-api';
import { doneMarked, entryDeleted, entryKey, entryWritten, isSettled, type DiaryChange, type EntryChange, type EntryFields } from './diary-change';
import { DiarySender } from './diary-sender';
import { diaryStorage, type DiaryShelf } from './diary-shelf';

/** Where an entry sits: its diary's community and day. */
export type DiaryPlace = { communityId: string; date: DiaryDate };

/**
 * The liaison's diary changes not yet on the server, as runes: written to IndexedDB the moment
 * the liaison saves, then sent by `DiarySender` (opening, sending and other tabs: `OutboxHost`).
 * Open for whoever is a liaison in any community, whatever community the page shows: each change
 * carries its own. One per app root (the layout), shared by context like `MatterOutbox`.
 * `delivered` moves on once a loop of sending has emptied it: the diary page reloads its day then.
 */
export class DiaryOutbox extends OutboxHost<DiaryChange, DiaryShelf> {
	constructor(storage: OutboxStorage<DiaryShelf> = diaryStorage, transport: DiaryTransport = diaryTransport()) {
		super({
			name: 'diary',
			storage,
			sender: (shelf, hooks) => new DiarySender({ store: shelf.records, transport, ...hooks }),
			order: oldestFirst
		});
	}

	/** Every change kept, oldest first: waiting, refused, and sent ones until the server's day shows them. */
	get changes(): DiaryChange[] {
		return this.records;
	}

	/** Writes a new entry (no `entryId`) or edits one; kept at once, then sent. */
	async writeEntry(place: DiaryPlace, fields: EntryFields, edit?: { entryId: string; onServer: boolean }): Promise<string> {
		const entryId = edit?.entryId ?? newId();
		await this.change(async ({ records }) => {
			const before = (await records.get(entryKey(entryId))) as EntryChange | undefined;
			await records.put(entryWritten(before, { ...place, entryId }, fields, edit?.onServer ?? false, Date.now()));
		});
		return entryId;
	}

	async deleteEntry(place: DiaryPlace, entryId: string, onServer: boolean): Promise<void> {
		await this.change(async ({ records }) => {
			const before = (await records.get(entryKey(entryId))) as EntryChange | undefined;
			const deleted = entryDeleted(before, { ...place, entryId }, onServer, Date.now());
			if (deleted) await records.put(deleted);
			else await records.delete(entryKey(entryId));
		});
	}

	async markDone(place: DiaryPlace): Promise<void> {
		await this.change(({ records }) => records.put(doneMarked(place.communityId, place.date, Date.now())));
	}

	/** Forgets sent changes the server's day now shows. */
	async settle(day: Pick<DiaryDay, 'communityId' | 'date' | 'done' | 'entries'>): Promise<void> {
		await this.forget((change, now) => isSettled(change, day, now));
	}
}

export const [getDiaryOutbox, setDiaryOutbox] = createContext<DiaryOutbox>();
