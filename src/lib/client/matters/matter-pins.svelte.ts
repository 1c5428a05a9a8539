import type * as Y from 'yjs';
import type { MatterCategory } from '$lib/domain/matter-categories';
import type { MatterPin } from '$lib/domain/matter-pins';
import { RefetchLoop } from '../refetch-loop';
import { followMattersVersion } from './matters-version';

export type MatterPinsStatus = 'loading' | 'ready' | 'error';

/**
 * The community's matter pins (`GET /api/communities/:id/matter-pins`) and its categories, for
 * the map. Refetched when the live document's `signals.mattersVersion` moves, never on a timer;
 * `pins` is replaced only when the answer differs, so the map re-sets its source only then.
 */
export class MatterPinsData {
	readonly communityId: string;
	pins = $state.raw<MatterPin[] | null>(null);
	categories = $state.raw<MatterCategory[]>([]);
	status = $state<MatterPinsStatus>('loading');
	/** A refresh failed while older pins stay on screen. */
	stale = $state(false);
	/** How many times changed pins were applied (test hook and diagnostics). */
	loads = $state(0);
	/** How many times the community's matters changed since we follow them: lists beside the map refetch on it. */
	changes = $state(0);

	#body: string | null = null;
	#destroyed = false;
	readonly #loop = new RefetchLoop(() => this.#fetchOnce(), () => this.#destroyed);

	constructor(communityId: string) {
		this.communityId = communityId;
	}

	/** Fetches now; a call while a fetch runs asks for one more fetch once it is done. */
	refresh(): Promise<void> {
		return this.#loop.request();
	}

	/** Refetches whenever the community's matters change. Returns the cleanup for an `$effect`. */
	follow(doc: Y.Doc): () => void {
		return followMattersVersion({ doc, communityId: this.communityId }, () => {
			this.changes++;
			void this.refresh();
		});
	}

	destroy(): void {
		this.#destroyed = true;
	}

	async #fetchOnce(): Promise<void> {
		const base = `/api/communities/${encodeURIComponent(this.communityId)}`;
		try {
			const response = await fetch(`${base}/matter-pins`, { headers: { accept: 'application/json' } });
			if (!response.ok) throw new Error(`HTTP ${response.status}`);
			const body = await response.text();
			if (this.#destroyed) return;
			if (body !== this.#body) {
				const pins = (JSON.parse(body) as { pins: MatterPin[] }).pins;
				// Categories change rarely: read them first time, and when a pin names one we do not know.
				const known = new Set(this.categories.map((c) => c.id));
				if (this.loads === 0 || pins.some((p) => !known.has(p.category))) await this.#fetchCategories(base);
				if (this.#destroyed) return;
				this.#body = body;
				this.pins = pins;
				this.loads++;
			}
			this.status = 'ready';
			this.stale = false;
		} catch {
			if (this.#destroyed) return;
			if (this.pins) this.stale = true;
			else this.status = 'error';
		}
	}

	async #fetchCategories(base: string): Promise<void> {
		const response = await fetch(`${base}/matter-categories`, { headers: { accept: 'application/json' } });
		if (!response.ok) throw new Error(`HTTP ${response.status}`);
		this.categories = (await response.json()) as MatterCategory[];
	}
}
