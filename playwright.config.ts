import { defineConfig, type PlaywrightTestConfig } from '@playwright/test';
import type { LiveFixtures } from './tests/e2e/fixtures';

/**
 * End-to-end tests against the BUILT server (`npm run build` first).
 * Every run starts `dist-server/index.js` on a fresh, empty PGlite data dir, so the
 * demo community 乐雅社区 is migrated and seeded from scratch.
 * Browsers are never downloaded: tests/e2e/global-setup.ts picks CHROMIUM_PATH, the system
 * Chromium (its headless shell where installed) or the one of @sparticuz/chromium
 * (tests/e2e/chromium.ts) and hands it to the workers through E2E_CHROMIUM_PATH and
 * E2E_CHROMIUM_ARGS, and the full Chromium for the notification specs through E2E_NOTIFY_CHROMIUM_*.
 *
 * With TEST_DATABASE_URL and REDIS_URL both set, a second project, `chromium-pg-redis`, runs
 * the task-flow and offline specs again against two instances sharing PostgreSQL and Redis:
 * the chief's browser on instance A, the liaisons' on instance B.
 */
const port = Number(process.env.E2E_PORT ?? 4319);
const baseURL = `http://127.0.0.1:${port}`;
const pairPorts = [port + 1, port + 2];
const pairURLs = pairPorts.map((p) => `http://127.0.0.1:${p}`);
const pgRedisPass = !!(process.env.TEST_DATABASE_URL && process.env.REDIS_URL);

// SIGTERM lets the servers close their databases and the start scripts clean up after them.
const gracefulShutdown = { signal: 'SIGTERM', timeout: 15_000 } as const;

const pgliteServer = {
	command: 'node tests/e2e/start-server.mjs',
	url: `${baseURL}/healthz`,
	reuseExistingServer: false,
	timeout: 120_000,
	stdout: 'pipe',
	stderr: 'pipe',
	gracefulShutdown,
	env: { E2E_PORT: String(port) }
} as const;

const pgRedisPair = {
	command: 'node tests/e2e/start-server-pair.mjs',
	// Instance B starts only once A is healthy, so B answering means both are up.
	url: `${pairURLs[1]}/healthz`,
	reuseExistingServer: false,
	timeout: 180_000,
	stdout: 'pipe',
	stderr: 'pipe',
	gracefulShutdown,
	env: { E2E_PORT_A: String(pairPorts[0]), E2E_PORT_B: String(pairPorts[1]) }
} as const;

/** The browser global-setup.ts chose; unset in the main process, which launches none. */
const launchOptions = (path: string | undefined, args: string | undefined) => ({ executablePath: path, args: JSON.parse(args ?? '[]') as string[] });
const env = process.env;
const notificationSpecs = 'push-notify.spec.ts';

// A headless shell denies notifications, so the Web Push spec has a project of its own that runs in
// the full Chromium whenever the machine has one (tests/e2e/chromium.ts).
const projects: PlaywrightTestConfig<LiveFixtures>['projects'] = [
	{ name: 'chromium', testIgnore: notificationSpecs, use: { browserName: 'chromium' } },
	{
		name: 'chromium-notifications',
		testMatch: notificationSpecs,
		use: {
			browserName: 'chromium',
			launchOptions: env.E2E_NOTIFY_CHROMIUM_PATH
				? launchOptions(env.E2E_NOTIFY_CHROMIUM_PATH, env.E2E_NOTIFY_CHROMIUM_ARGS)
				: launchOptions(env.E2E_CHROMIUM_PATH, env.E2E_CHROMIUM_ARGS)
		}
	}
];
if (pgRedisPass) {
	projects.push({
		name: 'chromium-pg-redis',
		testMatch: ['task-flow.spec.ts', 'offline-sync.spec.ts', 'offline-shell.spec.ts'],
		use: { browserName: 'chromium', baseURL: pairURLs[0], liaisonBaseURL: pairURLs[1] }
	});
}

export default defineConfig<LiveFixtures>({
	testDir: 'tests/e2e',
	fullyParallel: false,
	workers: 2,
	retries: 0,
	reporter: [['list'], ['json', { outputFile: 'test-reports/playwright.json' }]],
	// Generous: the machines this runs on have 2 cores shared with other work (a run under load
	// average 16 timed out two map tests at 30 s). Speed is measured by benchmarks, not here.
	timeout: 60_000,
	// Assertions wait 10 s, not 5: a page that waits on its live document to sync took longer
	// than 5 s in runs with three browsers on two cores. A test still fails when it never happens.
	expect: { timeout: 10_000 },
	forbidOnly: !!process.env.CI,
	globalSetup: './tests/e2e/global-setup.ts',
	use: {
		baseURL,
		locale: 'zh-CN',
		viewport: { width: 1280, height: 800 },
		screenshot: 'only-on-failure',
		// A context with the service worker precaches the whole app (about 190 files) and warms up to
		// 40 pages, which made every test pay for an offline install it never used (map-view and
		// phone-layout: 175 → 135 s). The specs about offline use, reloads with no signal and Web Push
		// turn it on (`test.use({ serviceWorkers: 'allow' })`).
		serviceWorkers: 'block',
		launchOptions: launchOptions(env.E2E_CHROMIUM_PATH, env.E2E_CHROMIUM_ARGS)
	},
	projects,
	webServer: pgRedisPass ? [pgliteServer, pgRedisPair] : [pgliteServer]
});
