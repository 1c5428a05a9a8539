import { chooseTestChromiums, packagedChromiumDeniesNotifications } from './chromium';

/**
 * Picks the Chromiums once per run (unpacking the packaged one may take a few seconds) and hands
 * them to the workers, which read playwright.config.ts again with this process's environment.
 */
export default async function globalSetup() {
	const { pages, notifications } = await chooseTestChromiums();
	process.env.E2E_CHROMIUM_PATH = pages.executablePath;
	process.env.E2E_CHROMIUM_ARGS = JSON.stringify(pages.args);
	console.log(`[e2e] Chromium: ${pages.executablePath} (${pages.source})`);
	if (notifications) {
		process.env.E2E_NOTIFY_CHROMIUM_PATH = notifications.executablePath;
		process.env.E2E_NOTIFY_CHROMIUM_ARGS = JSON.stringify(notifications.args);
		if (notifications !== pages) console.log(`[e2e] Chromium for the notification specs: ${notifications.executablePath} (${notifications.source})`);
	} else {
		console.log(`[e2e] ${packagedChromiumDeniesNotifications}`);
	}
}
