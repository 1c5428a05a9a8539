import { chooseChromium } from './chromium';

/**
 * Picks the Chromium once per run (unpacking the packaged one may take a few seconds) and hands
 * it to the workers, which read playwright.config.ts again with this process's environment.
 */
export default async function globalSetup() {
	const chosen = await chooseChromium();
	process.env.E2E_CHROMIUM_PATH = chosen.executablePath;
	process.env.E2E_CHROMIUM_ARGS = JSON.stringify(chosen.args);
	console.log(`[e2e] Chromium: ${chosen.executablePath} (${chosen.source})`);
}
