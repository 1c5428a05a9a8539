import { createContext } from 'svelte';
import type { KeptValues } from '$lib/client/outbox/keyed-store';
import { OutboxHost, type OutboxStorage } from '$lib/client/outbox/outbox-host.svelte';
import { newestFirst, newId } from '$lib/client/outbox/outbox-record';
import { CategoryList } from './category-list.svelte';
import { httpTransport, type Transport } from './matter-api';
import { mattersStorage, type MattersShelf } from './matters-shelf';
import { createEntry, isSettled, type OutboxEntry, type ReportDraft, type ReportLabels } from './outbox-entry';
import { OutboxSender } from './outbox-sender';

export type NewReport = { communityId: string; draft: ReportDraft; labels: ReportLabels; photos: readonly Blob[] };

/**
 * The signed-in user's unsent reports, as runes: written to IndexedDB the moment the liaison
 * taps 上报, then sent by `OutboxSender` (opening, sending and other tabs: `OutboxHost`). One per
 * app root (the layout), shared by context like `LiveSlot`.
 */
export class MatterOutbox extends OutboxHost<OutboxEntry, MattersShelf> {
	#categories = new Map<string, CategoryList>();

	constructor(storage: OutboxStorage<MattersShelf> = mattersStorage, transport: Transport = httpTransport()) {
		super({
			name: 'matters',
			storage,
			sender: (shelf, hooks) => new OutboxSender({ store: shelf.records, transport, ...hooks }),
			order: newestFirst
		});
	}

	/** Newest first: waiting, refused, and sent ones until the server's list shows them. */
	get entries(): OutboxEntry[] {
		return this.records;
	}

	override async close(): Promise<void> {
		this.#categories.clear();
		await super.close();
	}

	/** The store of kept lists, once open; null for nobody signed in. */
	async kept(): Promise<KeptValues | null> {
		return (await this.shelf())?.kept ?? null;
	}

	/**
	 * The community's categories, loaded once per page load and shared by the form and the lists.
	 * `keptWillDo`: a screen used in stairwells (the door grid) takes the kept copy when there is
	 * one rather than start a request the signal may cut off; the home page refreshes it.
	 */
	categoriesOf(communityId: string, { keptWillDo = false } = {}): CategoryList {
		let list = this.#categories.get(communityId);
		if (!list) {
			list = new CategoryList(communityId, () => this.kept());
			this.#categories.set(communityId, list);
			void list.load({ keptWillDo });
		}
		return list;
	}

	/** Keeps the report on this phone at once, then tries to send it. */
	async add(report: NewReport): Promise<OutboxEntry> {
		const entry = createEntry({ ...report, clientKey: newId(), now: Date.now() });
		await this.change((shelf) => shelf.records.put(entry));
		return entry;
	}

	/**
	 * A refused report, fixed: sent afresh as a new report (new clientKey, photos uploaded again,
	 * as the refused one left nothing on the server), replacing the old one.
	 */
	async refile(clientKey: string, report: NewReport): Promise<OutboxEntry> {
		const entry = await this.add(report);
		await this.change((shelf) => shelf.records.delete(clientKey), { send: false });
		return entry;
	}

	/** Forgets sent reports the server's list now shows. */
	async settle(listedIds: ReadonlySet<string>): Promise<void> {
		await this.forget((entry, now) => isSettled(entry, listedIds, now));
	}
}

export const [getMatterOutbox, setMatterOutbox] = createContext<MatterOutbox>();
