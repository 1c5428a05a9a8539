import type * as Y from 'yjs';
import type { MatterSummary } from '$lib/domain/matter-view';
import { keptKeys, keptMineOf, summariesOf } from './kept-lists';
import { RefetchLoop } from '../refetch-loop';
import { requestJson } from '$lib/client/outbox/request-json';
import { matterUrls } from './matter-api';
import { followMattersVersion } from './matters-version';
import type { KeptValues } from '$lib/client/outbox/keyed-store';

type Options = {
	communityId: string;
	kept: () => Promise<KeptValues | null>;
	/** The ids the server listed, after each good fetch (sent reports they show leave the outbox). */
	onlisted?: (ids: ReadonlySet<string>) => void;
};

/**
 * The liaison's own reports (`?mine=1`), newest first: the kept copy at once, then the server's,
 * fetched again whenever `signals.mattersVersion` moves (never on a timer).
 */
export class MyMatters {
	matters = $state.raw<MatterSummary[] | null>(null);
	/** When the list shown was fetched. */
	fetchedAt = $state<number | null>(null);
	/** The last fetch failed: what shows is the kept copy, if any. */
	failed = $state(false);
	readonly #options: Options;
	#destroyed = false;
	readonly #loop = new RefetchLoop(() => this.#fetchOnce(), () => this.#destroyed);

	constructor(options: Options) {
		this.#options = options;
	}

	async start(): Promise<void> {
		const kept = await this.#options.kept().catch(() => null);
		const stored = keptMineOf(await kept?.read(keptKeys.mine(this.#options.communityId)).catch(() => null));
		if (stored && this.matters === null && !this.#destroyed) {
			this.matters = stored.matters;
			this.fetchedAt = stored.fetchedAt;
		}
		await this.refresh();
	}

	/** Fetches now; a call during a fetch asks for one more after it. */
	refresh(): Promise<void> {
		return this.#loop.request();
	}

	/** Refetches whenever the document's matters version moves; returns the cleanup for an `$effect`. */
	follow(doc: Y.Doc): () => void {
		return followMattersVersion({ doc, communityId: this.#options.communityId }, () => void this.refresh());
	}

	destroy(): void {
		this.#destroyed = true;
	}

	async #fetchOnce(): Promise<void> {
		const { communityId, kept, onlisted } = this.#options;
		// The browser knows there is no network: the kept list stays, without a request bound to fail.
		if (!navigator.onLine) {
			this.failed = true;
			return;
		}
		const { status, body } = await requestJson(fetch, matterUrls.mine(communityId), { cache: 'no-cache' }, 20_000);
		const matters = status === 200 ? summariesOf(body) : null;
		if (this.#destroyed) return;
		if (!matters) {
			this.failed = true;
			return;
		}
		const fetchedAt = Date.now();
		this.matters = matters;
		this.fetchedAt = fetchedAt;
		this.failed = false;
		onlisted?.(new Set(matters.map((matter) => matter.id)));
		const store = await kept().catch(() => null);
		await store?.write(keptKeys.mine(communityId), { matters, fetchedAt }).catch(() => {});
	}
}
