import { invalidate } from '$app/navigation';
import { createContext } from 'svelte';
import { followMattersVersion, type MattersSource } from './matters-version';

/**
 * Reloads whatever shows matters (the nav badge, the list, a matter's page: every load that
 * `depends('app:matters')`) when the community's matters change, and says while it does. One per
 * app root, shared by context.
 */
export class MattersRefresh {
	#pending = $state(0);

	get refreshing(): boolean {
		return this.#pending > 0;
	}

	/** Follows the community's `mattersVersion`; returns the cleanup for an `$effect`. */
	follow(source: MattersSource): () => void {
		return followMattersVersion(source, () => void this.refresh());
	}

	async refresh(): Promise<void> {
		this.#pending++;
		try {
			await invalidate('app:matters');
		} finally {
			this.#pending--;
		}
	}
}

export const [getMattersRefresh, setMattersRefresh] = createContext<MattersRefresh>();
