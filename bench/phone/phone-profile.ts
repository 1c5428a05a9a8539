// The throttled mid-range phone of issue 18, applied through the Chrome DevTools Protocol.
import type { Browser, BrowserContextOptions, CDPSession, Page } from '@playwright/test';

/**
 * DevTools' classic "Fast 3G" preset: 150 ms × 3.75 latency, 1.44 Mbit/s × 0.9 down,
 * 675 kbit/s × 0.9 up. In bytes: 562.5 ms, 162,000 B/s down, 75,937.5 B/s up.
 */
export const fast3g = {
	offline: false,
	latency: 562.5,
	downloadThroughput: (1.44 * 1000 * 1000 * 0.9) / 8,
	uploadThroughput: (675 * 1000 * 0.9) / 8
} as const;

/** Emulation.setCPUThrottlingRate: the page's main thread runs 4× slower. */
export const cpuSlowdown = 4;

/** A 390×844 phone (the e2e specs' phone size) with a Chromium-on-Android user agent. */
export const phoneContext: BrowserContextOptions = {
	viewport: { width: 390, height: 844 },
	deviceScaleFactor: 3,
	isMobile: true,
	hasTouch: true,
	userAgent:
		'Mozilla/5.0 (Linux; Android 13; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Mobile Safari/537.36',
	locale: 'zh-CN'
};

export const profileText =
	`${phoneContext.viewport!.width}×${phoneContext.viewport!.height} at ${phoneContext.deviceScaleFactor}×, isMobile, touch, Android Chrome user agent; ` +
	`CPU ×${cpuSlowdown} (Emulation.setCPUThrottlingRate); Fast 3G (Network.emulateNetworkConditions: latency ${fast3g.latency} ms, ` +
	`download ${fast3g.downloadThroughput.toLocaleString('en-US')} B/s = 1.296 Mbit/s, upload ${fast3g.uploadThroughput.toLocaleString('en-US')} B/s)`;

/** Throttles one page: its CPU and the network of its frames. */
export async function throttlePage(cdp: CDPSession): Promise<void> {
	await cdp.send('Network.enable');
	await cdp.send('Network.emulateNetworkConditions', fast3g);
	await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpuSlowdown });
}

/**
 * A page's network conditions do not reach its service worker, which fetches on its own (the
 * navigation the worker answers network-first, its precache, API requests it passes on). Every
 * service worker the browser starts is attached to, in the protocol's non-flat mode
 * (Playwright's CDPSession cannot address flat child sessions), and given the same Fast 3G.
 * The CPU slowdown is page-only: the worker runs on a thread of its own. A worker's first
 * requests (its install starts at once) can slip through before the attach.
 */
export async function throttleServiceWorkers(browser: Browser): Promise<{ attached: () => number; errors: string[] }> {
	const session = await browser.newBrowserCDPSession();
	const attached = new Set<string>();
	const errors: string[] = [];
	let messageId = 0;
	const sendTo = (sessionId: string, method: string, params: object) =>
		session.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id: ++messageId, method, params }) });
	session.on('Target.receivedMessageFromTarget', ({ message }) => {
		const parsed = JSON.parse(message) as { error?: { message: string } };
		if (parsed.error) errors.push(parsed.error.message);
	});
	session.on('Target.targetCreated', ({ targetInfo }) => {
		if (targetInfo.type !== 'service_worker' || attached.has(targetInfo.targetId)) return;
		attached.add(targetInfo.targetId);
		void (async () => {
			// The conditions apply only once the worker's Network domain is enabled.
			const { sessionId } = await session.send('Target.attachToTarget', { targetId: targetInfo.targetId, flatten: false });
			await sendTo(sessionId, 'Network.enable', {});
			await sendTo(sessionId, 'Network.emulateNetworkConditions', fast3g);
		})().catch((error: unknown) => errors.push(`service worker ${targetInfo.url}: ${(error as Error).message}`));
	});
	await session.send('Target.setDiscoverTargets', { discover: true });
	return { attached: () => attached.size, errors };
}

export async function newThrottledPage(page: Page): Promise<CDPSession> {
	const cdp = await page.context().newCDPSession(page);
	await throttlePage(cdp);
	return cdp;
}
