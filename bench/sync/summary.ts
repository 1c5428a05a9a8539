import { mergeHistograms, percentilesMs, type Percentiles } from './histograms';
import type { HistogramName, ServerName } from './plan';
import type { RunMeasurement } from './run-one';

export type ServerSummary = {
	server: ServerName;
	runs: number;
	failedRuns: number;
	/** Send → the last other client of the document has it. */
	propagation: Percentiles;
	/** Send → one other client has it (every delivery counted). */
	delivery: Percentiles;
	/** Scheduled send time → the last other client has it (includes send lag). */
	fromSchedule: Percentiles;
	sendLag: Percentiles;
	/** Send → ours acknowledged it as stored; null when the server never does. */
	stored: Percentiles | null;
	sent: number;
	incomplete: number;
	acceptedPerSecond: number;
	bytesPerUpdate: number;
	serverCpuPct: number;
	serverPeakRssMb: number;
	databaseCpuPct: number | null;
	generatorCpuPct: number;
	generatorPeakRssMb: number;
};

function mean(values: number[]): number {
	return values.length ? values.reduce((a, b) => a + b, 0) / values.length : NaN;
}

function merged(runs: RunMeasurement[], name: HistogramName): Percentiles {
	return percentilesMs(mergeHistograms(runs.map((run) => run.result!.histograms[name])));
}

/** Pools every successful round of one server: histograms are added, rates averaged. */
export function summarize(server: ServerName, measurements: RunMeasurement[]): ServerSummary | null {
	const all = measurements.filter((run) => run.server === server);
	const runs = all.filter((run) => run.result && !run.error);
	if (runs.length === 0) return null;
	const results = runs.map((run) => run.result!);
	const sum = (pick: (r: (typeof results)[number]) => number) => results.reduce((total, r) => total + pick(r), 0);
	const stored = merged(runs, 'stored');
	const databaseCpu = runs.map((run) => run.databaseCpuPct).filter((value): value is number => value !== null);
	return {
		server,
		runs: runs.length,
		failedRuns: all.length - runs.length,
		propagation: merged(runs, 'propagation'),
		delivery: merged(runs, 'delivery'),
		fromSchedule: merged(runs, 'fromSchedule'),
		sendLag: merged(runs, 'sendLag'),
		stored: stored.count > 0 ? stored : null,
		sent: sum((r) => r.sent),
		incomplete: sum((r) => r.sent - r.complete),
		acceptedPerSecond: sum((r) => r.complete) / (sum((r) => r.windowMs) / 1000),
		bytesPerUpdate: sum((r) => r.bytesIn + r.bytesOut) / Math.max(1, sum((r) => r.sent)),
		serverCpuPct: mean(runs.map((run) => run.serverCpuPct)),
		serverPeakRssMb: Math.max(...runs.map((run) => run.serverPeakRssMb)),
		databaseCpuPct: databaseCpu.length ? mean(databaseCpu) : null,
		generatorCpuPct: mean(runs.map((run) => run.generatorCpuPct)),
		generatorPeakRssMb: Math.max(...runs.map((run) => run.generatorPeakRssMb))
	};
}
