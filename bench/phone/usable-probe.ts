// Runs in the page before any of its scripts (addInitScript): notes the moment the page is usable.
import type { Page } from '@playwright/test';

/** What the probe leaves in `window.__phoneBench`; times are `performance.now()`, i.e. from the navigation's start. */
export type UsableMarks = {
	/** The condition first held (a DOM change or the 100 ms poll noticed it). */
	readyAt?: number;
	/** The next animation frame after that: the grid on screen. */
	usableAt?: number;
	/** The live document's sync state then: `online`, or the local copy before the socket answered. */
	syncState?: string;
	/** Whether a service worker controlled this document. */
	controlled?: boolean;
};

declare global {
	interface Window {
		__phoneBench?: UsableMarks;
	}
}

/**
 * Usable means: Svelte has hydrated (`html[data-hydrated]`, what the e2e tests wait for), the live
 * document is open (`window.gridDispatchLive`: a tap on a door writes into it), and the target is
 * visible. On a task page the target is the door grid's first door; it is drawn only once the
 * task is in the live document, so the document's data is on screen. On the home page it is the
 * first task card, drawn from the live document as well.
 */
// A string, not a function: tsx (esbuild, keepNames) wraps inner functions in a `__name` helper the page lacks.
const probe = `(() => {
	const marks = {};
	window.__phoneBench = marks;
	const target = location.pathname.startsWith('/tasks/')
		? '[data-testid="door-grid"] [data-testid^="door-"][data-status]'
		: '[data-testid^="home-task-"]';
	const visible = () => {
		const element = document.querySelector(target);
		if (!element) return false;
		const box = element.getBoundingClientRect();
		return box.width > 0 && box.height > 0 && element.checkVisibility();
	};
	let observer;
	let timer;
	const check = () => {
		if (marks.readyAt !== undefined) return;
		if (!document.documentElement.hasAttribute('data-hydrated') || !window.gridDispatchLive || !visible()) return;
		marks.readyAt = performance.now();
		marks.syncState = window.gridDispatchLive.status.state;
		marks.controlled = !!(navigator.serviceWorker && navigator.serviceWorker.controller);
		observer.disconnect();
		clearInterval(timer);
		requestAnimationFrame(() => (marks.usableAt = performance.now()));
	};
	observer = new MutationObserver(check);
	observer.observe(document, { subtree: true, childList: true, attributes: true });
	// The live document can open after the last DOM change the condition needs.
	timer = setInterval(check, 100);
})();`;

export const installProbe = (page: Page) => page.addInitScript({ content: probe });

export async function waitUsable(page: Page, timeoutMs: number): Promise<UsableMarks> {
	await page.waitForFunction(() => window.__phoneBench?.usableAt !== undefined, undefined, { timeout: timeoutMs, polling: 250 });
	return page.evaluate(() => ({ ...window.__phoneBench! }));
}

/** The document's own timings and the scripts it fetched, from the Performance API. */
export type PageTimings = {
	responseEnd: number;
	domContentLoaded: number;
	scripts: { url: string; responseEnd: number; transferSize: number; encodedBodySize: number }[];
};

export function pageTimings(page: Page): Promise<PageTimings> {
	return page.evaluate(() => {
		const navigation = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
		const scripts = (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
			.filter((entry) => new URL(entry.name).pathname.endsWith('.js'))
			.map((entry) => ({ url: entry.name, responseEnd: entry.responseEnd, transferSize: entry.transferSize, encodedBodySize: entry.encodedBodySize }));
		return { responseEnd: navigation.responseEnd, domContentLoaded: navigation.domContentLoadedEventEnd, scripts };
	});
}
