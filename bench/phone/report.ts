// The phone benchmark's Markdown report.
import { homeJavaScript, kib } from '../../tests/fixtures/page-javascript';
import { duration, summarize, times } from '../board/results';
import { markdownTable } from '../sync/table';
import type { HomeScripts, Totals } from './home-scripts';
import type { ColdWarm, Visit } from './measure';
import type { Scene } from './setup';

export type PhoneReportInput = {
	startedAt: Date;
	runs: number;
	browser: string;
	profile: string;
	rig: string[];
	scene: Scene;
	gridPath: string;
	grid: ColdWarm[];
	home: ColdWarm[];
	scripts: HomeScripts;
	serviceWorkers: number;
	errors: string[];
};

const median = (values: number[]) => summarize(values).median;

/** How often each value occurs: "online ×2, syncing ×1". */
function tally(values: string[]): string {
	const counts = new Map<string, number>();
	for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
	return [...counts].map(([value, n]) => `${value} ×${n}`).join(', ');
}

function visitRow(label: string, visits: Visit[], base: number | null): string[] {
	const usable = summarize(visits.map((v) => v.marks.usableAt!));
	const fromNetwork = visits.map((v) => v.fetched.filter((f) => !f.fromServiceWorker && !f.fromCache));
	return [
		label,
		duration(usable.median),
		duration(usable.max),
		base === null ? '—' : times(usable.median, base),
		duration(median(visits.map((v) => v.timings.responseEnd))),
		duration(median(visits.map((v) => v.timings.domContentLoaded))),
		String(median(fromNetwork.map((f) => f.length))),
		kib(median(fromNetwork.map((f) => f.reduce((sum, x) => sum + x.wireBytes, 0)))),
		tally(visits.map((v) => v.marks.syncState ?? '?')),
		tally(visits.map((v) => (v.marks.controlled ? 'yes' : 'no')))
	];
}

/** `null`: not measured that way. */
function budgetRow(label: string, totals: Totals | (Pick<Totals, 'count' | 'brotli'> & { raw: null; gzip: null; wire: null })): string[] {
	const size = (bytes: number | null) => (bytes === null ? '—' : kib(bytes));
	return [
		label,
		String(totals.count),
		size(totals.raw),
		size(totals.gzip),
		kib(totals.brotli),
		size(totals.wire),
		times(totals.brotli, homeJavaScript.baselineBytes),
		`${times(totals.brotli, homeJavaScript.budgetBytes)} ${totals.brotli <= homeJavaScript.budgetBytes ? 'met' : '**NOT met**'}`
	];
}

export function phoneReport(input: PhoneReportInput): string {
	const { scene, scripts } = input;
	const gridCold = median(input.grid.map((v) => v.cold.marks.usableAt!));
	const homeCold = median(input.home.map((v) => v.cold.marks.usableAt!));
	const timing = markdownTable(
		['time to first usable', 'median', 'max', 'vs cold', 'HTML in', 'DOMContentLoaded', 'requests from network', 'bytes on wire', 'sync state then', 'SW controlled'],
		[
			visitRow('door grid, cold', input.grid.map((v) => v.cold), null),
			visitRow('door grid, warm SW', input.grid.map((v) => v.warm), gridCold),
			visitRow('home page, cold', input.home.map((v) => v.cold), null),
			visitRow('home page, warm SW', input.home.map((v) => v.warm), homeCold)
		],
		1,
		false
	);

	const headline = scripts.beforeUsable.brotli;
	const budget = markdownTable(
		['home page JavaScript', 'scripts', 'raw', 'gzip -9', 'brotli q11', 'on the wire', 'brotli vs 118 KB baseline', 'brotli vs 120 KB budget'],
		[
			budgetRow('loaded before usable (headline)', scripts.beforeUsable),
			budgetRow('loaded by the visit (to `load`)', scripts.all),
			budgetRow('announced by the HTML + imports (the test)', { count: scripts.announced.count, raw: null, gzip: null, brotli: scripts.announced.brotli, wire: null })
		]
	);

	const largest = markdownTable(
		['largest chunks', 'chunk name', 'raw', 'gzip -9', 'brotli q11', 'on the wire', 'sent as', 'before usable'],
		scripts.scripts.slice(0, 12).map((s) => [
			s.path.replace('/_app/immutable/', ''),
			s.name,
			kib(s.raw),
			kib(s.gzip),
			kib(s.brotli),
			kib(s.wire),
			s.encoding || 'identity',
			s.beforeUsable ? 'yes' : 'no'
		]),
		2
	);

	const coldHome = input.home.at(-1)!.cold;
	const documentResponse = coldHome.fetched.find((f) => f.resourceType === 'Document');
	const scriptEncodings = tally(scripts.scripts.map((s) => s.encoding || 'identity'));
	const differences = [
		...scripts.announced.onlyInBrowser.map((p) => `loaded by the browser, not announced by the HTML: \`${p}\``),
		...scripts.announced.onlyInHtml.map((p) => `announced by the HTML, not loaded by the browser: \`${p}\``)
	];

	return [
		`# Phone benchmark, ${input.startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
		'',
		`liaison01 on a throttled mid-range phone: ${input.profile}. ${input.runs} runs; each run is a fresh context per page ` +
			'(empty cache, no service worker, no local copy of the live document: **cold**), then, once the service worker installed and ' +
			'controls the page, the same page again in that context (**warm SW**). Times are from the navigation\'s start.',
		'',
		`Door grid: \`${input.gridPath}\`, ${scene.households} households (task ${scene.dispatched ? 'dispatched by chief1 for the bench' : 'of the demo'}).`,
		'',
		timing,
		'',
		'- **usable**: `html[data-hydrated]` set, the live document open (`window.gridDispatchLive`, which a tap writes into), and the first ' +
			'door of the grid (home page: the first task card) visible, drawn from the live document; then the next animation frame.',
		'- **sync state then**: `online` when the server\'s copy had arrived, `syncing`/`offline` when the grid came from the local copy first.',
		'- **requests from network**: the page\'s responses neither from the service worker nor the HTTP cache; **bytes on wire**: their encodedDataLength (bodies as sent plus headers). ' +
			'Warm, everything passes through the service worker, so 0 here: the worker still fetches the HTML (network first, throttled as well), which the page does not see as a network request.',
		'',
		`**Headline: ${kib(headline)} (${headline.toLocaleString('en-US')} B)** of brotli-compressed (quality 11, computed here with node:zlib) JavaScript: every .js ` +
			`the home page loaded in a cold visit before it was usable. Baseline (issue 18) 118 KB: ${times(headline, homeJavaScript.baselineBytes)}; ` +
			`budget 120 KB: ${headline <= homeJavaScript.budgetBytes ? 'met' : '**NOT met**'} (1 KB = 1,024 B).`,
		'',
		budget,
		'',
		largest,
		'',
		`- Compression by the server: the HTML document came ${documentResponse?.encoding ? `${documentResponse.encoding}-encoded` : 'uncompressed'} ` +
			`(${documentResponse ? kib(documentResponse.wireBytes) : '?'} on the wire); scripts were sent as ${scriptEncodings} ` +
			'(adapter-node `precompress`, default on, serves the `.br`/`.gz` files written at build time).',
		`- Browser against the integration test's count (tests/integration/phone/home-javascript.test.ts): ${differences.length === 0 ? 'the same files.' : ''}`,
		...differences.map((line) => `  - ${line}`),
		`- Service workers throttled through the protocol: ${input.serviceWorkers}.`,
		...(input.errors.length > 0 ? ['', '**Errors during the run:**', ...input.errors.map((e) => `- ${e}`)] : []),
		'',
		`- ${input.browser}`,
		...input.rig.map((line) => `- ${line}`)
	].join('\n');
}
