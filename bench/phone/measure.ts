// One measured visit of a page on the throttled phone, and the cold-then-warm pair of visits.
import type { Browser, BrowserContext, CDPSession, Page } from '@playwright/test';
import { recordNetwork, type Fetched } from './network-log';
import { fast3g, newThrottledPage, phoneContext } from './phone-profile';
import type { Scene } from './setup';
import { installProbe, pageTimings, waitUsable, type PageTimings, type UsableMarks } from './usable-probe';

export type Visit = {
	marks: UsableMarks;
	timings: PageTimings;
	fetched: Fetched[];
};

const usableTimeoutMs = 180_000;

async function visit(page: Page, cdp: CDPSession, path: string, errors: string[]): Promise<Visit> {
	const network = recordNetwork(cdp);
	try {
		await page.goto(path, { waitUntil: 'commit', timeout: usableTimeoutMs });
		const marks = await waitUsable(page, usableTimeoutMs);
		// Scripts still in flight at that moment are counted once they arrive.
		await page.waitForLoadState('load', { timeout: usableTimeoutMs }).catch(() => errors.push(`${path}: no load event`));
		return { marks, timings: await pageTimings(page), fetched: network.fetched() };
	} finally {
		network.stop();
	}
}

/** Waits until a service worker controls the page and is active (its install, the precache, done). */
async function serviceWorkerInstalled(page: Page): Promise<void> {
	await page.evaluate(async () => {
		await navigator.serviceWorker.ready;
	});
	await page.waitForFunction(() => !!navigator.serviceWorker.controller, undefined, { timeout: usableTimeoutMs, polling: 250 });
}

export type ColdWarm = { cold: Visit; warm: Visit };

/**
 * A fresh phone context (empty cache, no service worker, no local copy of the live document):
 * the cold visit; then, once the service worker installed and took control, the same page again
 * in the same context: the warm visit.
 */
export async function coldThenWarm(browser: Browser, url: string, scene: Scene, path: string, errors: string[]): Promise<ColdWarm> {
	const context: BrowserContext = await browser.newContext({ ...phoneContext, baseURL: url, storageState: scene.storageState });
	context.on('weberror', (error) => errors.push(`${path}: ${error.error().message}`));
	try {
		const page = await context.newPage();
		await installProbe(page);
		const cdp = await newThrottledPage(page);
		const cold = await visit(page, cdp, path, errors);
		await serviceWorkerInstalled(page);
		const warm = await visit(page, cdp, path, errors);
		if (!warm.marks.controlled) errors.push(`${path}: the warm visit was not controlled by the service worker`);
		// The worker fetches the HTML network first: sooner than one emulated round trip means its fetch escaped the throttling.
		if (warm.timings.responseEnd < fast3g.latency)
			errors.push(`${path}: warm HTML in ${warm.timings.responseEnd.toFixed(0)} ms, under the ${fast3g.latency} ms latency: the service worker's fetch was not throttled`);
		return { cold, warm };
	} finally {
		await context.close();
	}
}
