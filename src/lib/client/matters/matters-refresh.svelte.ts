import { invalidate } from '$app/navigation';
import { navigating } from '$app/state';
import { createContext } from 'svelte';
import { followMattersVersion, type MattersSource } from './matters-version';

/**
 * Reloads whatever shows matters (the nav badge, the list, a matter's page: every load that
 * `depends('app:matters')`) when the community's matters change, and says while it does. One per
 * app root, shared by context.
 */
export class MattersRefresh {
	#pending = $state(0);
	#heardDuringNavigation = false;
	#heardOffline = false;

	get refreshing(): boolean {
		return this.#pending > 0;
	}

	/** Follows the community's `mattersVersion`; returns the cleanup for an `$effect`. */
	follow(source: MattersSource): () => void {
		const stop = followMattersVersion(source, () => void this.refresh());
		const online = () => {
			if (!this.#heardOffline) return;
			this.#heardOffline = false;
			void this.refresh();
		};
		addEventListener('online', online);
		return () => {
			stop();
			removeEventListener('online', online);
		};
	}

	async refresh(): Promise<void> {
		// Offline (the document just loaded from the phone's own copy), the loads could only fail
		// and leave the offline page showing errors: they run when the signal is back.
		if (!navigator.onLine) {
			this.#heardOffline = true;
			return;
		}
		// An invalidation takes over a navigation under way (SvelteKit lets it "win"): leaving a
		// matter just returned would end on its 404. The page being opened loads fresh data anyway;
		// what changed meanwhile is loaded once it is there (`navigated`).
		if (navigating.to) {
			this.#heardDuringNavigation = true;
			return;
		}
		this.#pending++;
		try {
			await invalidate('app:matters');
		} finally {
			this.#pending--;
		}
	}

	/** After every navigation (the layout calls it): a change heard on the way is loaded now. */
	navigated(): void {
		if (!this.#heardDuringNavigation) return;
		this.#heardDuringNavigation = false;
		void this.refresh();
	}
}

export const [getMattersRefresh, setMattersRefresh] = createContext<MattersRefresh>();
