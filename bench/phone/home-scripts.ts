// The home page's JavaScript as the browser loaded it, each file compressed here as well.
import { existsSync, readFileSync } from 'node:fs';
import { compressedSizes, pageJavaScript } from '../../tests/fixtures/page-javascript';
import { isScript } from './network-log';
import type { Visit } from './measure';

export type LoadedScript = {
	path: string;
	/** The chunk's name in Vite's manifest (its first module), when the manifest is there. */
	name: string;
	raw: number;
	gzip: number;
	brotli: number;
	/** encodedDataLength: compressed body as sent, plus headers. */
	wire: number;
	encoding: string;
	/** Resource Timing responseEnd, from the navigation's start. */
	responseEnd: number | null;
	beforeUsable: boolean;
};

export type Totals = { count: number; raw: number; gzip: number; brotli: number; wire: number };

export type HomeScripts = {
	scripts: LoadedScript[];
	beforeUsable: Totals;
	all: Totals;
	/** The integration test's way: what the HTML announces and the static imports, fetched by Node. */
	announced: { count: number; brotli: number; onlyInBrowser: string[]; onlyInHtml: string[] };
};

function chunkNames(): Map<string, string> {
	const file = '.svelte-kit/output/client/.vite/manifest.json';
	const names = new Map<string, string>();
	if (!existsSync(file)) return names;
	const manifest = JSON.parse(readFileSync(file, 'utf8')) as Record<string, { file: string; name?: string; src?: string }>;
	for (const entry of Object.values(manifest)) names.set(`/${entry.file}`, entry.name ?? entry.src ?? '');
	return names;
}

const total = (scripts: LoadedScript[]): Totals => ({
	count: scripts.length,
	raw: scripts.reduce((sum, s) => sum + s.raw, 0),
	gzip: scripts.reduce((sum, s) => sum + s.gzip, 0),
	brotli: scripts.reduce((sum, s) => sum + s.brotli, 0),
	wire: scripts.reduce((sum, s) => sum + s.wire, 0)
});

/** `visit` is a cold visit of the home page; `cookie` liaison01's session for Node's own fetches. */
export async function homeScripts(url: string, visit: Visit, cookie: string): Promise<HomeScripts> {
	const names = chunkNames();
	const usableAt = visit.marks.usableAt ?? Infinity;
	const seen = new Set<string>();
	const scripts: LoadedScript[] = [];
	for (const fetched of visit.fetched) {
		if (!isScript(fetched.url) || seen.has(fetched.url) || new URL(fetched.url).origin !== new URL(url).origin) continue;
		seen.add(fetched.url);
		const body = new Uint8Array(await (await fetch(fetched.url, { headers: { 'accept-encoding': 'identity' } })).arrayBuffer());
		const path = new URL(fetched.url).pathname;
		const timing = visit.timings.scripts.find((s) => s.url === fetched.url);
		scripts.push({
			path,
			name: names.get(path) ?? '',
			...compressedSizes(body),
			wire: fetched.wireBytes,
			encoding: fetched.encoding,
			responseEnd: timing?.responseEnd ?? null,
			beforeUsable: (timing?.responseEnd ?? Infinity) <= usableAt
		});
	}
	const announced = await pageJavaScript(url, '/', { cookie });
	const htmlSet = new Set(announced.scripts.map((s) => new URL(s.url).pathname));
	const browserSet = new Set(scripts.map((s) => s.path));
	return {
		scripts: scripts.sort((a, b) => b.brotli - a.brotli),
		beforeUsable: total(scripts.filter((s) => s.beforeUsable)),
		all: total(scripts),
		announced: {
			count: announced.scripts.length,
			brotli: announced.total.brotli,
			onlyInBrowser: [...browserSet].filter((p) => !htmlSet.has(p)),
			onlyInHtml: [...htmlSet].filter((p) => !browserSet.has(p))
		}
	};
}
