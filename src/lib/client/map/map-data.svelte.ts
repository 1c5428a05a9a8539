import type * as Y from 'yjs';
import { RefetchLoop } from '../refetch-loop';
import type { MapCollection } from './map-types';

export type MapDataStatus = 'loading' | 'ready' | 'error';

type Options = {
	communityId: string;
	/** Called after newer data arrived (not after an unchanged revalidation); `first` for the first data. */
	onchange?: (collection: MapCollection, first: boolean) => void;
};

/** `signals.structureVersion` of a community document, or null before it has synced. */
export function structureVersionOf(doc: Y.Doc): number | null {
	const value = doc.getMap('signals').get('structureVersion');
	return typeof value === 'number' ? value : null;
}

/**
 * The community's map data (`GET /api/communities/:id/map`). Fetched with `no-cache`, so the
 * browser revalidates with the ETag and an unchanged map costs a 304; refetched only when the
 * live document's `signals.structureVersion` moves, never on a timer.
 */
export class MapData {
	readonly communityId: string;
	collection = $state.raw<MapCollection | null>(null);
	status = $state<MapDataStatus>('loading');
	/** A refresh failed while older data stays on screen. */
	stale = $state(false);
	/** How many times new data was applied (test hook and diagnostics). */
	loads = $state(0);
	/** The structure version the applied data was fetched at, when known. */
	version = $state<number | null>(null);

	readonly #onchange: (collection: MapCollection, first: boolean) => void;
	#etag: string | null = null;
	readonly #loop = new RefetchLoop(() => this.#fetchOnce(this.#wantedVersion), () => this.#destroyed);
	#wantedVersion: number | null = null;
	#destroyed = false;

	constructor({ communityId, onchange }: Options) {
		this.communityId = communityId;
		this.#onchange = onchange ?? (() => {});
	}

	/** Fetches now; a call while a fetch runs asks for one more fetch once it is done. */
	refresh(version: number | null = this.#wantedVersion): Promise<void> {
		this.#wantedVersion = version;
		return this.#loop.request();
	}

	/**
	 * Follows `signals.structureVersion` of the live document: every new value refetches.
	 * Returns the cleanup for an `$effect`.
	 */
	follow(doc: Y.Doc): () => void {
		const signals = doc.getMap('signals');
		const check = () => {
			const version = structureVersionOf(doc);
			if (version !== null && version !== this.#wantedVersion) void this.refresh(version);
		};
		check();
		signals.observe(check);
		return () => signals.unobserve(check);
	}

	destroy(): void {
		this.#destroyed = true;
	}

	async #fetchOnce(version: number | null): Promise<void> {
		if (this.collection === null) this.status = 'loading';
		try {
			const response = await fetch(`/api/communities/${encodeURIComponent(this.communityId)}/map`, {
				cache: 'no-cache',
				headers: { accept: 'application/geo+json, application/json' }
			});
			if (!response.ok) throw new Error(`HTTP ${response.status}`);
			const etag = response.headers.get('etag');
			if (this.#destroyed) return;
			// The browser answers a 304 with its cached copy: same ETag, nothing to apply.
			if (etag !== null && etag === this.#etag && this.collection) {
				await response.body?.cancel();
				this.version = version ?? this.version;
			} else {
				const collection = (await response.json()) as MapCollection;
				if (this.#destroyed) return;
				this.#etag = etag;
				this.collection = collection;
				this.version = version ?? this.version;
				this.loads++;
				this.#onchange(collection, this.loads === 1);
			}
			this.status = 'ready';
			this.stale = false;
		} catch {
			if (this.#destroyed) return;
			if (this.collection) this.stale = true;
			else this.status = 'error';
		}
	}
}
