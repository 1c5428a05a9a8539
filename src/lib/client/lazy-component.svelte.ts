import type { Component } from 'svelte';

/**
 * A component fetched on first use instead of with the page: a dialog that opens only on a tap,
 * with the dialog library behind it, stays out of the JavaScript a phone loads before the page
 * is usable (the home page's budget, tests/integration/phone/home-javascript.test.ts).
 * `current` is null until `load()` has resolved. The service worker precaches every build file,
 * so once it is installed the chunk loads without signal too; `prefetchWhenIdle` fetches it
 * after the page has loaded when no service worker is in control yet, for a phone that loses
 * signal before the service worker was installed.
 */
export class LazyComponent<T extends Component<any, any, any>> {
	current = $state<T | null>(null);
	/** A tap asked for it and it could not be fetched (no signal before the service worker was installed). */
	unavailable = $state(false);
	#loading: Promise<T> | null = null;
	readonly #importer: () => Promise<{ default: T }>;

	constructor(importer: () => Promise<{ default: T }>) {
		this.#importer = importer;
	}

	/**
	 * The component for a tap, fetched once; a failed fetch (no signal) sets `unavailable`, so
	 * the page can say why nothing opened, and is tried again on the next tap.
	 */
	load(): Promise<T> {
		return this.#fetch().then(
			(component) => ((this.unavailable = false), component),
			(error: unknown) => {
				this.unavailable = true;
				throw error;
			}
		);
	}

	/** Starts fetching (a hover, a focus), ignoring a failure: the tap tries again. */
	prefetch(): void {
		void this.#fetch().catch(() => {});
	}

	/** The notice that it could not be fetched was read. */
	dismiss(): void {
		this.unavailable = false;
	}

	#fetch(): Promise<T> {
		this.#loading ??= this.#importer().then(
			(module) => (this.current = module.default),
			(error: unknown) => {
				this.#loading = null;
				throw error;
			}
		);
		return this.#loading;
	}

	/**
	 * Fetches the component once the page has loaded and the browser has nothing better to do, so
	 * it never competes with what makes the page usable; returns a cancel. Nothing to do when a
	 * service worker controls the page: it precached every build file when it was installed.
	 */
	prefetchWhenIdle(timeoutMs = 4000): () => void {
		if (this.current || globalThis.navigator?.serviceWorker?.controller) return () => {};
		let cancel = () => {};
		const whenIdle = () => {
			const prefetch = () => this.prefetch();
			if (typeof requestIdleCallback === 'function') {
				const handle = requestIdleCallback(prefetch, { timeout: timeoutMs });
				cancel = () => cancelIdleCallback(handle);
			} else {
				const timer = setTimeout(prefetch, timeoutMs);
				cancel = () => clearTimeout(timer);
			}
		};
		if (typeof document === 'undefined' || document.readyState === 'complete') {
			whenIdle();
		} else {
			addEventListener('load', whenIdle, { once: true });
			cancel = () => removeEventListener('load', whenIdle);
		}
		return () => cancel();
	}
}
