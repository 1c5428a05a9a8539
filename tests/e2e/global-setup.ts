import { chooseChromium, packagedChromiumDeniesNotifications } from './chromium';

/**
 * Picks the Chromium once per run (unpacking the packaged one may take a few seconds) and hands
 * it to the workers, which read playwright.config.ts again with this process's environment.
 */
export default async function globalSetup() {
	const chosen = await chooseChromium();
	process.env.E2E_CHROMIUM_PATH = chosen.executablePath;
	process.env.E2E_CHROMIUM_ARGS = JSON.stringify(chosen.args);
	process.env.E2E_CHROMIUM_SOURCE = chosen.source;
	console.log(`[e2e] Chromium: ${chosen.executablePath} (${chosen.source})`);
	if (chosen.source === '@sparticuz/chromium') console.log(`[e2e] ${packagedChromiumDeniesNotifications}`);
}
