import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests against the BUILT server (`npm run build` first).
 * Every run starts `dist-server/index.js` on a fresh, empty PGlite data dir, so the
 * demo community 乐雅社区 is migrated and seeded from scratch.
 * Browsers are never downloaded: we launch the system Chromium (STACK.md gotcha 3).
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
	use: {
		baseURL,
		locale: 'zh-CN',
		viewport: { width: 1280, height: 800 },
		screenshot: 'only-on-failure',
		launchOptions: {
			executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
			args: [
				'--no-sandbox',
				'--disable-gpu',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
				'--disable-quic',
				'--no-first-run'
			]
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
