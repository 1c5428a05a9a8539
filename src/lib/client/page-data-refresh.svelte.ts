import { createContext, untrack } from 'svelte';
import { SvelteMap } from 'svelte/reactivity';

export type PageDataRefreshDeps = {
	/** Reloads every load that depends on `dependency` (SvelteKit's `invalidate`). */
	reload: (dependency: string) => Promise<void>;
	/** Reloads every load of the page (SvelteKit's `invalidateAll`). */
	reloadAll: () => Promise<void>;
	/** A client navigation is under way. */
	navigating: () => boolean;
	online: () => boolean;
};

/** The held reloads' key for `reloadAll`: no load depends on it by that name. */
const everything = '*';

/**
 * The one way this app reloads page data (`app:matters`, `app:structure`, …), whether a live
 * change or the user's own action asks for it. A reload runs only when it can do good:
 * - During a client navigation it waits for the navigation to end: SvelteKit lets an
 *   invalidation take over a navigation under way (it takes the navigation's token), so a tap
 *   on a link would silently do nothing. The page being opened loads fresh data anyway.
 * - Offline it waits for the signal: the loads could only fail and replace the page with an
 *   error page.
 * A held reload runs once (per dependency) when the navigation ends or the signal returns, and
 * the promise its callers hold resolves then.
 */
export class PageDataRefresh {
	readonly #deps: PageDataRefreshDeps;
	readonly #held = new Map<string, (() => void)[]>();
	readonly #running = new SvelteMap<string, number>();

	constructor(deps: PageDataRefreshDeps) {
		this.#deps = deps;
	}

	/** A reload of `dependency` is running (not merely held back). */
	reloading(dependency: string): boolean {
		return (this.#running.get(dependency) ?? 0) > 0;
	}

	/** Reloads `dependency` now, or once the navigation under way ends or the signal returns. */
	reload(dependency: string): Promise<void> {
		return this.#request(dependency);
	}

	/** Reloads every load of the page, now or as `reload` would. */
	reloadAll(): Promise<void> {
		return this.#request(everything);
	}

	// Untracked: asked from an `$effect`, reading `navigating` or the running count would make the
	// effect depend on them, and the count it then writes would run it again without end.
	#request(dependency: string): Promise<void> {
		return untrack(() => {
			if (this.#mayRun()) return this.#run(dependency);
			return new Promise<void>((resolve) => {
				const waiting = this.#held.get(dependency);
				if (waiting) waiting.push(resolve);
				else this.#held.set(dependency, [resolve]);
			});
		});
	}

	/** A navigation ended or the signal came back: the held reloads run now, if they may. */
	release(): void {
		if (this.#held.size === 0 || !this.#mayRun()) return;
		const held = [...this.#held];
		this.#held.clear();
		for (const [dependency, waiting] of held) {
			// Held callers learn that the reload ran, not how it went: SvelteKit shows its own errors.
			const settle = () => {
				for (const resolve of waiting) resolve();
			};
			void this.#run(dependency).then(settle, settle);
		}
	}

	/**
	 * For `afterNavigate`. SvelteKit calls it before it clears `navigating`, so the held reloads
	 * are released a microtask later, when the navigation is over for everyone.
	 */
	navigated(): void {
		queueMicrotask(() => this.release());
	}

	/** Releases the held reloads when the signal returns; returns the cleanup for an `$effect`. */
	listen(): () => void {
		const online = () => this.release();
		addEventListener('online', online);
		return () => removeEventListener('online', online);
	}

	#mayRun(): boolean {
		return this.#deps.online() && !this.#deps.navigating();
	}

	async #run(dependency: string): Promise<void> {
		this.#running.set(dependency, (this.#running.get(dependency) ?? 0) + 1);
		try {
			await (dependency === everything ? this.#deps.reloadAll() : this.#deps.reload(dependency));
		} finally {
			const left = (this.#running.get(dependency) ?? 1) - 1;
			if (left > 0) this.#running.set(dependency, left);
			else this.#running.delete(dependency);
		}
	}
}

export const [getPageDataRefresh, setPageDataRefresh] = createContext<PageDataRefresh>();
