import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests against the BUILT server (`npm run build` first).
 * Every run starts `dist-server/index.js` on a fresh, empty PGlite data dir, so the
 * demo community 乐雅社区 is migrated and seeded from scratch.
 * Browsers are never downloaded: tests/e2e/global-setup.ts picks CHROMIUM_PATH, the system
 * Chromium or the one of @sparticuz/chromium (tests/e2e/chromium.ts) and hands it to the
 * workers through E2E_CHROMIUM_PATH and E2E_CHROMIUM_ARGS.
 */
const port = Number(process.env.E2E_PORT ?? 4319);
const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
	testDir: 'tests/e2e',
	fullyParallel: false,
	workers: 2,
	retries: 0,
	reporter: [['list'], ['json', { outputFile: 'test-reports/playwright.json' }]],
	timeout: 30_000,
	forbidOnly: !!process.env.CI,
	globalSetup: './tests/e2e/global-setup.ts',
	use: {
		baseURL,
		locale: 'zh-CN',
		viewport: { width: 1280, height: 800 },
		screenshot: 'only-on-failure',
		launchOptions: {
			// Unset only in the main process, which launches no browser (see global-setup.ts).
			executablePath: process.env.E2E_CHROMIUM_PATH,
			args: JSON.parse(process.env.E2E_CHROMIUM_ARGS ?? '[]') as string[]
		}
	},
	projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
	webServer: {
		command: 'node tests/e2e/start-server.mjs',
		url: `${baseURL}/healthz`,
		reuseExistingServer: false,
		timeout: 120_000,
		stdout: 'pipe',
		stderr: 'pipe',
		// SIGTERM lets the server close PGlite and start-server.mjs delete its temp data dir.
		gracefulShutdown: { signal: 'SIGTERM', timeout: 15_000 },
		env: { E2E_PORT: String(port) }
	}
});
