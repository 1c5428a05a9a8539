import { createContext } from 'svelte';
import type { PageDataRefresh } from '../page-data-refresh.svelte';
import { followMattersVersion, type MattersSource } from './matters-version';

const mattersDependency = 'app:matters';

/**
 * Reloads whatever shows matters (the nav badge, the list, a matter's page: every load that
 * `depends('app:matters')`) when the community's matters change, and says while it does. One per
 * app root, shared by context; the reloads go through the app's one `PageDataRefresh`.
 */
export class MattersRefresh {
	readonly #pageData: PageDataRefresh;

	constructor(pageData: PageDataRefresh) {
		this.#pageData = pageData;
	}

	get refreshing(): boolean {
		return this.#pageData.reloading(mattersDependency);
	}

	/** Follows the community's `mattersVersion`; returns the cleanup for an `$effect`. */
	follow(source: MattersSource): () => void {
		return followMattersVersion(source, () => void this.refresh());
	}

	refresh(): Promise<void> {
		return this.#pageData.reload(mattersDependency);
	}
}

export const [getMattersRefresh, setMattersRefresh] = createContext<MattersRefresh>();
