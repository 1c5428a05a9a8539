// `npm run bench -- dashboard`: the secretary's dashboard's first load in Chromium, against the
// home page of the same user on the same server. Starts the built server (`npm run build` first)
// on the embedded database with the demo month (DEMO_SAMPLES=1), signs in once, then opens each
// page in a fresh browser context (nothing cached) and times, from the navigation's start:
// the HTML's DOMContentLoaded, and for the dashboard the moment its map shows the visit-age
// colours (feature state set on every building) and the moment its charts are drawn.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Browser, type Page } from '@playwright/test';
import { chooseChromium } from '../../tests/e2e/chromium';
import { freePort, ServerProcess } from '../../tests/fixtures/server-process';
import { markdownTable } from '../sync/table';
import { duration, machine, summarize, times, writeResults } from '../board/results';
import type {} from '../../src/lib/client/map/test-hook';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '10' }, out: { type: 'string', default: 'bench/results' } } });
const runs = Math.max(1, Number(values.runs) || 10);

/** The built server on a fresh embedded database; `stop` waits for it to exit before the directory goes. */
async function startServer() {
	const dataDir = mkdtempSync(path.join(tmpdir(), 'grid-dispatch-bench-dashboard-'));
	const server = new ServerProcess(await freePort(), { DATA_DIR: dataDir, DEMO: '1', DEMO_SAMPLES: '1' });
	const removeData = () => rmSync(dataDir, { recursive: true, force: true });
	try {
		// Seeding the demo month takes a while on a first start.
		await server.start(120_000);
	} catch (error) {
		await server.kill();
		removeData();
		throw new Error(`the built server did not answer within two minutes (run \`npm run build\` first): ${(error as Error).message}`);
	}
	return {
		url: server.url,
		stop: async () => {
			await server.stop();
			removeData();
		}
	};
}

async function signedInState(browser: Browser, url: string) {
	const context = await browser.newContext();
	const page = await context.newPage();
	await page.goto(`${url}/login`);
	await page.fill('input[name=username]', 'secretary');
	await page.fill('input[name=password]', 'demo1234');
	await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/login')), page.click('button[type=submit]')]);
	const state = await context.storageState();
	await context.close();
	return state;
}

/** Bytes of JavaScript the page loaded (encoded, as sent). */
async function scriptBytes(page: Page): Promise<number> {
	return page.evaluate(() =>
		performance
			.getEntriesByType('resource')
			.filter((e) => (e as PerformanceResourceTiming).initiatorType === 'script' || e.name.endsWith('.js'))
			.reduce((sum, e) => sum + (e as PerformanceResourceTiming).encodedBodySize, 0)
	);
}

async function main() {
	const startedAt = new Date();
	const chosen = await chooseChromium();
	const server = await startServer();
	const browser = await chromium.launch({ executablePath: chosen.executablePath, args: chosen.args });
	try {
		const storageState = await signedInState(browser, server.url);
		const home: number[] = [];
		const ready: number[] = [];
		const coloured: number[] = [];
		const charted: number[] = [];
		const bytes = { home: 0, overview: 0 };
		for (let run = 0; run < runs; run++) {
			const context = await browser.newContext({ storageState, viewport: { width: 1366, height: 900 } });
			const page = await context.newPage();
			const started = Date.now();
			await page.goto(`${server.url}/`, { waitUntil: 'domcontentloaded' });
			await page.getByTestId('home-overview').waitFor();
			home.push(Date.now() - started);
			bytes.home = await scriptBytes(page);
			await context.close();

			const fresh = await browser.newContext({ storageState, viewport: { width: 1366, height: 900 } });
			const overview = await fresh.newPage();
			const begin = Date.now();
			await overview.goto(`${server.url}/overview`, { waitUntil: 'domcontentloaded' });
			ready.push(Date.now() - begin);
			await overview.waitForFunction(() => {
				const map = window.gridDispatchMap?.map;
				const count = document.querySelector('[data-testid="visit-age-count-within7"]');
				return !!map && map.loaded() && !!count;
			}, undefined, { timeout: 60_000 });
			coloured.push(Date.now() - begin);
			await overview.locator('[data-testid="trends-coverage"] svg').first().waitFor({ timeout: 60_000 });
			charted.push(Date.now() - begin);
			bytes.overview = await scriptBytes(overview);
			await fresh.close();
		}
		const base = summarize(home);
		const rows = [
			['home page (baseline)', home],
			['dashboard HTML (DOMContentLoaded)', ready],
			['dashboard map coloured', coloured],
			['dashboard charts drawn', charted]
		].map(([name, values]) => {
			const t = summarize(values as number[]);
			return [name as string, duration(t.median), duration(t.p95), times(t.median, base.median)];
		});
		const table = markdownTable(['first load (cold context)', 'p50', 'p95', 'p50 vs home'], rows);
		const kb = (n: number) => `${Math.round(n / 1024)} KB`;
		const markdown = [
			`# Dashboard first load, ${runs} runs`,
			'',
			...machine(),
			`Chromium: ${chosen.source}. Server: built, PGlite, demo month.`,
			'',
			table,
			'',
			`JavaScript loaded (encoded): home ${kb(bytes.home)}, dashboard ${kb(bytes.overview)} (ECharts is loaded by the dashboard only).`
		].join('\n');
		console.log(markdown);
		for (const file of writeResults(String(values.out), 'dashboard', startedAt, markdown, { home, ready, coloured, charted, bytes })) console.log(`wrote ${file}`);
	} finally {
		await browser.close();
		await server.stop();
	}
}

await main();
