import { clearOfflineCaches, registerServiceWorker, warmOffline } from './offline-client';
import { warmPaths, type WarmInput } from './offline-routes';
import type { FromWorker } from './worker-messages';

type Warmed = Extract<FromWorker, { type: 'warmed' }>;

/**
 * The test hook `window.gridDispatchOffline`: `ready` resolves once the worker controls the page
 * and has stored what a reload without signal needs; `warms` counts finished warm-ups and
 * `last` is the latest one's report. `<html data-offline-ready>` marks the same moment.
 */
export type OfflineTestHook = { ready: Promise<void>; warms: number; last: Warmed | null };

declare global {
	interface Window {
		gridDispatchOffline?: OfflineTestHook;
	}
}

/**
 * The page's side of offline use: registers the worker, then asks it to keep the pages this
 * user needs without signal, once per page load in full and again for each task page opened
 * or task arriving later. One per app root.
 */
export class OfflineShell {
	readonly #hook: OfflineTestHook;
	#resolveReady: () => void = () => {};
	/** Paths already asked for during this page load (the worker also skips fresh copies). */
	readonly #asked = new Set<string>();
	#queue: Promise<unknown> = Promise.resolve();

	constructor() {
		const ready = new Promise<void>((resolve) => (this.#resolveReady = resolve));
		this.#hook = { ready, warms: 0, last: null };
	}

	start(): () => void {
		void registerServiceWorker();
		window.gridDispatchOffline = this.#hook;
		return () => {
			if (window.gridDispatchOffline === this.#hook) delete window.gridDispatchOffline;
		};
	}

	/** Keeps what `input` calls for, leaving out what this page load already asked for. */
	keep(input: WarmInput): Promise<void> {
		const paths = warmPaths(input).filter((path) => !this.#asked.has(path));
		if (paths.length === 0) return this.#queue.then(() => {});
		for (const path of paths) this.#asked.add(path);
		const run = this.#queue.then(() => warmOffline(paths)).then((report) => this.#done(report, paths));
		this.#queue = run.catch(() => {});
		return this.#queue.then(() => {});
	}

	#done(report: Warmed | null, paths: string[]): void {
		// A path that failed (server busy, a page missing) may be asked for again later.
		for (const path of report?.failed ?? paths) this.#asked.delete(path);
		this.#hook.warms++;
		this.#hook.last = report;
		document.documentElement.dataset.offlineReady = '';
		this.#resolveReady();
	}

	/** Signed out: forget what was asked and delete the copies. */
	async clear(): Promise<void> {
		this.#asked.clear();
		await clearOfflineCaches();
	}
}
