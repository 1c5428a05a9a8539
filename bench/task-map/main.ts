// `npm run bench -- task-map`: the task map's update path in a real Chromium page. Builds a
// small page around the app's own map modules (Vite), serves it, and runs it in the Chromium the
// end-to-end tests use, with their flags (tests/e2e/chromium.ts; WebGL through SwiftShader).
import { createServer, type Server } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { build } from 'vite';
import { chooseChromium } from '../../tests/e2e/chromium';
import { markdownTable } from '../sync/table';
import { duration, machine, summarize, times, writeResults, type Timing } from '../board/results';
import type { RunResult, SetUpResult, Way } from './page/main';

const usage = `Usage: npm run bench -- task-map [options]
  --buildings N       buildings on the map (default 5000)
  --updates N         progress updates through the document, feature-state way (default 1000)
  --naive N           updates the naive way, re-setting the whole source (default 100)
  --diff N            updates with MapLibre's updateData diff, for reference (default 30; 0 skips)
  --repaints N        repaints with nothing changed: the rig's frame cost (default 30; 0 skips)
  --scope F           share of the buildings in the task's scope (default 0.9)
  --seed N            random seed (default 5)
  --out DIR           where the tables go (default bench/results)
  --quick             a smoke run: 100 updates, 10 naive, 5 diff, 10 repaints`;

function options() {
	const { values } = parseArgs({
		options: {
			buildings: { type: 'string', default: '5000' },
			updates: { type: 'string', default: '1000' },
			naive: { type: 'string', default: '100' },
			diff: { type: 'string', default: '30' },
			repaints: { type: 'string', default: '30' },
			scope: { type: 'string', default: '0.9' },
			seed: { type: 'string', default: '5' },
			out: { type: 'string', default: 'bench/results' },
			quick: { type: 'boolean', default: false },
			help: { type: 'boolean', default: false }
		}
	});
	if (values.quick) Object.assign(values, { updates: values.updates === '1000' ? '100' : values.updates, naive: '10', diff: '5', repaints: '10' });
	if (values.help) {
		console.log(usage);
		process.exit(0);
	}
	const number = (name: 'buildings' | 'updates' | 'naive' | 'diff' | 'repaints' | 'scope' | 'seed') => {
		const value = Number(values[name]);
		if (!(value >= 0)) throw new Error(`--${name} must be a number ≥ 0 (got "${values[name]}")`);
		return value;
	};
	return {
		buildings: number('buildings'),
		updates: number('updates'),
		naive: number('naive'),
		diff: number('diff'),
		repaints: number('repaints'),
		scope: number('scope'),
		seed: number('seed'),
		out: String(values.out)
	};
}

const contentTypes: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css' };

function serve(root: string): Promise<{ server: Server; url: string }> {
	const server = createServer((request, response) => {
		const relative = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname).replace(/^\/+/, '') || 'index.html';
		const file = path.join(root, relative);
		if (!file.startsWith(root) || !statSync(file, { throwIfNoEntry: false })?.isFile()) {
			response.writeHead(404).end();
			return;
		}
		// Cross-origin isolation gives performance.now() 5 µs steps instead of 100 µs.
		response.writeHead(200, {
			'content-type': contentTypes[path.extname(file)] ?? 'application/octet-stream',
			'cross-origin-opener-policy': 'same-origin',
			'cross-origin-embedder-policy': 'require-corp'
		});
		response.end(readFileSync(file));
	});
	return new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
		const address = server.address() as { port: number };
		resolve({ server, url: `http://127.0.0.1:${address.port}/` });
	}));
}

async function buildPage(outDir: string) {
	const here = path.dirname(new URL(import.meta.url).pathname);
	await build({
		configFile: false,
		root: path.join(here, 'page'),
		logLevel: 'warn',
		resolve: { alias: { $lib: path.resolve(here, '../../src/lib') } },
		build: { outDir, emptyOutDir: true, chunkSizeWarningLimit: 4000 }
	});
}

type Row = { way: Way; label: string; result: RunResult; apply: Timing; shown: Timing };

function report(opts: ReturnType<typeof options>, setUp: SetUpResult, rows: Row[], startedAt: Date, browserVersion: string, rig: string[]): string {
	const base = rows.find((row) => row.way === 'feature-state')!;
	const table = markdownTable(
		['way', 'updates', 'apply median', 'apply p99', 'drawn median', 'drawn p99', 'setData', 'source events', 'wrong colours'],
		rows.map(({ label, result, apply, shown }) => [
			label,
			String(result.updates),
			duration(apply.median),
			duration(apply.p99),
			duration(shown.median),
			duration(shown.p99),
			result.way === 'repaint' ? '—' : String(result.setDataCalls),
			result.way === 'repaint' ? '—' : String(result.contentEvents),
			result.way === 'repaint' ? '—' : String(result.mismatches + result.timeouts)
		])
	);
	const ratios = markdownTable(
		['against feature state', 'apply median', 'apply p99', 'drawn median', 'drawn p99'],
		rows
			.filter((row) => row !== base && row.way !== 'repaint')
			.map(({ label, apply, shown }) => [
				label,
				times(apply.median, base.apply.median),
				times(apply.p99, base.apply.p99),
				times(shown.median, base.shown.median),
				times(shown.p99, base.shown.p99)
			])
	);
	const notReset = base.result.setDataCalls === 0 && base.result.contentEvents === 0;
	return [
		`# Task map benchmark, ${startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
		'',
		`${setUp.buildings.toLocaleString('en-US')} buildings (${setUp.households.toLocaleString('en-US')} households), ` +
			`${setUp.scope.toLocaleString('en-US')} in the task's scope; seed ${opts.seed}. Every update is a liaison's mark made on a ` +
			'second Y.Doc and applied to the map\'s doc with `Y.applyUpdate`, and changes one building\'s colour ' +
			'(untouched → partial, then partial → attention).',
		'',
		table,
		'',
		ratios,
		'',
		`- **apply**: from \`Y.applyUpdate\` to the map call returning (\`setFeatureState\`; \`setData\` or \`updateData\` for the others).`,
		'- **drawn**: from `Y.applyUpdate` to the map\'s next `idle` event, i.e. the new colour on screen.',
		`- **setData** / **source events**: calls of the structure source's \`setData\` and its \`sourcedata\` events of type \`content\` during the run. ` +
			`Feature-state way: ${notReset ? '0 and 0, the GeoJSON source was never re-set' : 'NOT ZERO: the source was re-set'}.`,
		'- **repaint** row: one frame with nothing changed, to `idle`: what drawing costs on this rig (software WebGL). ' +
			'A feature-state update is drawn in about one such frame; the naive ways first re-index and re-tile the source.',
		'- **wrong colours**: touched buildings whose final state (or property) differs from the engine\'s, plus updates never drawn within 10 s.',
		'',
		`- ${browserVersion}, WebGL: ${setUp.renderer}, page set-up ${duration(setUp.setUpMs)}, ` +
			`timer ${setUp.isolated ? '5 µs steps (cross-origin isolated)' : '100 µs steps'}, label fade off`,
		...rig.map((line) => `- ${line}`)
	].join('\n');
}

async function main() {
	const opts = options();
	const startedAt = new Date();
	const rig = machine();
	const outDir = mkdtempSync(path.join(tmpdir(), 'grid-bench-task-map-'));
	let server: Server | null = null;
	const chosen = await chooseChromium();
	const browser = await chromium.launch({ executablePath: chosen.executablePath, args: chosen.args });
	try {
		console.log('Building the benchmark page…');
		await buildPage(outDir);
		const served = await serve(outDir);
		server = served.server;
		const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
		const errors: string[] = [];
		page.on('pageerror', (error) => errors.push(error.message));
		page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
		await page.goto(served.url);
		await page.waitForFunction(() => window.taskMapBench !== undefined);
		console.log(`Setting up ${opts.buildings} buildings…`);
		const setUp = await page.evaluate((o) => window.taskMapBench.setUp(o), { buildings: opts.buildings, scopeShare: opts.scope, seed: opts.seed });
		if (/no WebGL/.test(setUp.renderer)) throw new Error('Chromium has no WebGL here');

		const plan: [Way, string, number][] = [
			['feature-state', 'setFeatureState (ours)', opts.updates],
			['set-data', 'setData whole source (naive)', opts.naive],
			['update-data', 'updateData diff (reference)', opts.diff],
			['repaint', 'repaint, nothing changed (rig)', opts.repaints]
		];
		const rows: Row[] = [];
		for (const [way, label, updates] of plan) {
			if (updates === 0) continue;
			console.log(`${label}: ${updates} updates…`);
			const result = await page.evaluate(([w, n]) => window.taskMapBench.run(w, n), [way, updates] as const);
			rows.push({ way, label, result, apply: summarize(result.apply), shown: summarize(result.shown) });
		}
		if (errors.length > 0) throw new Error(`the page reported errors:\n${errors.join('\n')}`);

		const markdown = report(opts, setUp, rows, startedAt, `Chromium ${browser.version()} (${chosen.source})`, rig);
		console.log(`\n${markdown}\n`);
		const files = writeResults(opts.out, 'task-map', startedAt, markdown, {
			options: opts,
			setUp,
			rows: rows.map(({ label, result, apply, shown }) => ({ ...result, label, applySummary: apply, shownSummary: shown })),
			machine: rig
		});
		console.log(`Written: ${files.join(', ')}`);
	} finally {
		await browser.close();
		server?.close();
		rmSync(outDir, { recursive: true, force: true });
	}
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? error.message : error);
	process.exit(1);
});
