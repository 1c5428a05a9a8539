// `npm run bench -- phone`: a liaison's door grid and home page on a throttled mid-range phone
// (Chromium, CPU ×4, Fast 3G), cold and with a warm service worker, and the JavaScript the home
// page loads against issue 18's budget. Starts the built server on a fresh demo data dir.
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { chooseChromium } from '../../tests/e2e/chromium';
import { homeJavaScript } from '../../tests/fixtures/page-javascript';
import { duration, machine, summarize, writeResults } from '../board/results';
import { buildOursIfNeeded } from '../sync/build';
import { homeScripts } from './home-scripts';
import { coldThenWarm, type ColdWarm } from './measure';
import { profileText, throttleServiceWorkers } from './phone-profile';
import { phoneReport } from './report';
import { prepareScene, startDemoServer } from './setup';

const usage = `Usage: npm run bench -- phone [options]
  --runs N      cold-then-warm pairs per page (default 5)
  --port N      the server's port (default: a free one)
  --no-build    do not run \`npm run build\` when the build is missing or stale
  --out DIR     where the tables go (default bench/results)
  --quick       a smoke run: 2 runs`;

function options() {
	const { values } = parseArgs({
		options: {
			runs: { type: 'string', default: '5' },
			port: { type: 'string' },
			'no-build': { type: 'boolean', default: false },
			out: { type: 'string', default: 'bench/results' },
			quick: { type: 'boolean', default: false },
			help: { type: 'boolean', default: false }
		}
	});
	if (values.help) {
		console.log(usage);
		process.exit(0);
	}
	const runs = values.quick && values.runs === '5' ? 2 : Number(values.runs);
	if (!(runs >= 1)) throw new Error(`--runs must be ≥ 1 (got "${values.runs}")`);
	return { runs, port: values.port ? Number(values.port) : undefined, build: !values['no-build'], out: String(values.out) };
}

async function main() {
	const opts = options();
	const startedAt = new Date();
	const rig = machine();
	if (opts.build) buildOursIfNeeded();
	const chosen = await chooseChromium();
	console.log('Starting the built server on a fresh demo data dir…');
	const server = await startDemoServer(opts.port);
	const browser = await chromium.launch({ executablePath: chosen.executablePath, args: chosen.args });
	const errors: string[] = [];
	try {
		const workers = await throttleServiceWorkers(browser);
		const scene = await prepareScene(browser, server.url);
		const gridPath = `/tasks/${scene.taskId}?b=${scene.buildingId}`;
		console.log(`Door grid ${gridPath} (${scene.households} households, task ${scene.dispatched ? 'dispatched by the bench' : 'of the demo'})`);
		const grid: ColdWarm[] = [];
		const home: ColdWarm[] = [];
		for (let run = 1; run <= opts.runs; run++) {
			grid.push(await coldThenWarm(browser, server.url, scene, gridPath, errors));
			home.push(await coldThenWarm(browser, server.url, scene, '/', errors));
			const g = grid.at(-1)!;
			const h = home.at(-1)!;
			console.log(
				`run ${run}/${opts.runs}: grid cold ${duration(g.cold.marks.usableAt)}, warm ${duration(g.warm.marks.usableAt)}; ` +
					`home cold ${duration(h.cold.marks.usableAt)}, warm ${duration(h.warm.marks.usableAt)}`
			);
		}
		const cookie = scene.storageState.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
		const scripts = await homeScripts(server.url, home.at(-1)!.cold, cookie);
		errors.push(...workers.errors);

		const markdown = phoneReport({
			startedAt,
			runs: opts.runs,
			browser: `Chromium ${browser.version()} (${chosen.source})`,
			profile: profileText,
			rig,
			scene,
			gridPath,
			grid,
			home,
			scripts,
			serviceWorkers: workers.attached(),
			errors
		});
		console.log(`\n${markdown}\n`);
		const summary = (visits: number[]) => summarize(visits);
		const files = writeResults(opts.out, 'phone', startedAt, markdown, {
			options: opts,
			profile: profileText,
			budget: homeJavaScript,
			scene: { taskId: scene.taskId, buildingId: scene.buildingId, households: scene.households, dispatched: scene.dispatched },
			usable: {
				gridCold: summary(grid.map((v) => v.cold.marks.usableAt!)),
				gridWarm: summary(grid.map((v) => v.warm.marks.usableAt!)),
				homeCold: summary(home.map((v) => v.cold.marks.usableAt!)),
				homeWarm: summary(home.map((v) => v.warm.marks.usableAt!))
			},
			visits: { grid, home },
			homeScripts: scripts,
			errors,
			machine: rig
		});
		console.log(`Written: ${files.join(', ')}`);
	} finally {
		await browser.close();
		await server.stop();
	}
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? (error.stack ?? error.message) : error);
	process.exit(1);
});
