// Shared by the benchmarks: timing summaries and the result files.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';

export type Timing = { samples: number; median: number; p95: number; p99: number; max: number; mean: number };

/** Nearest-rank percentiles over the raw samples (milliseconds in, milliseconds out). */
export function summarize(values: readonly number[]): Timing {
	const sorted = [...values].sort((a, b) => a - b);
	const rank = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
	return {
		samples: sorted.length,
		median: rank(0.5),
		p95: rank(0.95),
		p99: rank(0.99),
		max: sorted[sorted.length - 1],
		mean: sorted.reduce((sum, value) => sum + value, 0) / Math.max(1, sorted.length)
	};
}

/** Microseconds below 1 ms, milliseconds above: these runs span both. */
export function duration(ms: number | null | undefined): string {
	if (ms === null || ms === undefined || Number.isNaN(ms)) return '—';
	if (ms < 1) return `${(ms * 1000).toFixed(ms < 0.01 ? 2 : 1)} µs`;
	return `${ms.toFixed(ms < 10 ? 2 : ms < 100 ? 1 : 0)} ms`;
}

export function times(value: number, base: number): string {
	if (!(base > 0)) return '—';
	const ratio = value / base;
	return `${ratio >= 100 ? Math.round(ratio).toLocaleString('en-US') : ratio.toFixed(ratio >= 10 ? 0 : 1)}×`;
}

/** Call at the start of a run: the load average then says whether the machine was quiet. */
export function machine(): string[] {
	const cpu = cpus();
	return [
		`Node ${process.version} on ${process.platform}/${process.arch}`,
		`${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}`,
		`load average at the start ${loadavg().map((n) => n.toFixed(2)).join(' ')} (1, 5, 15 min; 2 cores are quiet below ~0.5)`
	];
}

/**
 * `<outDir>/<name>-<YYYY-MM-DDTHH-MM>`, with `-2`, `-3`… when a run of the same minute already
 * wrote there (a short run started right after another must not overwrite its results).
 */
export function resultBase(outDir: string, name: string, startedAt: Date): string {
	mkdirSync(outDir, { recursive: true });
	const first = path.join(outDir, `${name}-${startedAt.toISOString().slice(0, 16).replace(':', '-')}`);
	let base = first;
	for (let next = 2; existsSync(`${base}.md`) || existsSync(`${base}.json`); next++) base = `${first}-${next}`;
	return base;
}

/** Writes `<name>-<YYYY-MM-DDTHH-MM>.{md,json}` and returns the two paths. */
export function writeResults(outDir: string, name: string, startedAt: Date, markdown: string, data: unknown): string[] {
	const base = resultBase(outDir, name, startedAt);
	writeFileSync(`${base}.md`, markdown.endsWith('\n') ? markdown : `${markdown}\n`);
	writeFileSync(`${base}.json`, `${JSON.stringify(data, null, 2)}\n`);
	return [`${base}.md`, `${base}.json`];
}
