import * as hdr from 'hdr-histogram-js';
import type { HistogramName } from './plan';

export type Histogram = hdr.Histogram;

/** Microsecond resolution up to a minute, three significant digits. */
export function newHistogram(): Histogram {
	return hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: 3 });
}

export function recordMs(histogram: Histogram, ms: number): void {
	histogram.recordValue(Math.max(1, Math.round(ms * 1000)));
}

export function encodeHistogram(histogram: Histogram): string {
	return hdr.encodeIntoCompressedBase64(histogram);
}

export function decodeHistogram(encoded: string): Histogram {
	return hdr.decodeFromCompressedBase64(encoded);
}

/** Sums histograms of the same quantity (e.g. one per round). */
export function mergeHistograms(encoded: string[]): Histogram {
	const sum = newHistogram();
	for (const item of encoded) sum.add(decodeHistogram(item));
	return sum;
}

export type Percentiles = { count: number; p50: number; p95: number; p99: number; max: number };

/** Percentiles in milliseconds. */
export function percentilesMs(histogram: Histogram): Percentiles {
	const ms = (us: number) => us / 1000;
	return {
		count: histogram.totalCount,
		p50: ms(histogram.getValueAtPercentile(50)),
		p95: ms(histogram.getValueAtPercentile(95)),
		p99: ms(histogram.getValueAtPercentile(99)),
		max: ms(histogram.maxValue)
	};
}

export const histogramNames: readonly HistogramName[] = ['propagation', 'delivery', 'fromSchedule', 'sendLag', 'stored'];
