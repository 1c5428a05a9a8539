import { encodeHistogram, histogramNames, mergeHistograms } from './histograms';
import type { GeneratorResult, HistogramName } from './plan';

function addCounts(into: Record<string, number>, from: Record<string, number>): void {
	for (const [key, n] of Object.entries(from)) into[key] = (into[key] ?? 0) + n;
}

/**
 * One result from several generator processes of the same run: histograms added (each
 * latency was timed within one process, so they pool like rounds do), counts summed.
 */
export function mergeGeneratorResults(results: GeneratorResult[]): GeneratorResult {
	if (results.length === 1) return results[0];
	const histograms = Object.fromEntries(
		histogramNames.map((name) => [name, encodeHistogram(mergeHistograms(results.map((r) => r.histograms[name])))])
	) as Record<HistogramName, string>;
	const sum = (pick: (r: GeneratorResult) => number) => results.reduce((total, r) => total + pick(r), 0);
	const closeCodes: Record<string, number> = {};
	const refusals: Record<string, number> = {};
	for (const result of results) {
		addCounts(closeCodes, result.closeCodes);
		addCounts(refusals, result.refusals);
	}
	return {
		histograms,
		windowMs: results[0].windowMs,
		sent: sum((r) => r.sent),
		complete: sum((r) => r.complete),
		stored: sum((r) => r.stored),
		deliveries: sum((r) => r.deliveries),
		bytesIn: sum((r) => r.bytesIn),
		bytesOut: sum((r) => r.bytesOut),
		connectMs: Math.max(...results.map((r) => r.connectMs)),
		closeCodes,
		refusals,
		refusalExamples: results.flatMap((r) => r.refusalExamples).slice(0, 5)
	};
}
