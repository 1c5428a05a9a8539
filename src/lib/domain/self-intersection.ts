import { orient2d } from 'robust-predicates';
import type { Position } from './geojson';

/**
 * Does a polygon's boundary cross or touch itself? A Shamos–Hoey sweep: O(n log n), and it
 * stops at the first crossing, so a shape with millions of crossings costs no more than one
 * with a single crossing (a pairwise test that lists every crossing ran out of memory on a
 * 6,001-corner star). Rings are closed, without repeated consecutive positions.
 */

type Segment = { l: Position; r: Position; ring: number; index: number; edges: number };
type SweepEvent = { at: Position; segment: Segment; insert: boolean };

class Found {
	constructor(readonly at: Position) {}
}

/** Positive when c lies left of the directed line a→b (exact, so the sweep order stays consistent). */
const side = (a: Position, b: Position, c: Position) => -orient2d(a[0], a[1], b[0], b[1], c[0], c[1]);

const lexCompare = (a: Position, b: Position) => a[0] - b[0] || a[1] - b[1];

/** Consecutive edges of one ring share a corner by construction; that is not a crossing. */
function adjacent(a: Segment, b: Segment): boolean {
	if (a.ring !== b.ring) return false;
	const gap = Math.abs(a.index - b.index);
	return gap === 1 || gap === a.edges - 1;
}

/** p is known to be on the line through s; is it within the segment? */
const within = (s: Segment, p: Position) => lexCompare(s.l, p) <= 0 && lexCompare(p, s.r) <= 0;

const same = (p: Position, q: Position) => p[0] === q[0] && p[1] === q[1];

/** Neighbouring edges meet only at their shared corner, unless one folds back onto the other (a spike). */
function spikeOf(a: Segment, b: Segment): Position | null {
	if (side(a.l, a.r, b.l) !== 0 || side(a.l, a.r, b.r) !== 0) return null;
	const shared = same(a.l, b.l) || same(a.l, b.r) ? a.l : a.r;
	const bEnd = same(b.l, shared) ? b.r : b.l;
	const aEnd = same(a.l, shared) ? a.r : a.l;
	if (within(a, bEnd)) return bEnd;
	if (within(b, aEnd)) return aEnd;
	return null;
}

function crossingOf(a: Segment, b: Segment): Position | null {
	if (adjacent(a, b)) return spikeOf(a, b);
	const d1 = side(a.l, a.r, b.l);
	const d2 = side(a.l, a.r, b.r);
	const d3 = side(b.l, b.r, a.l);
	const d4 = side(b.l, b.r, a.r);
	if (d1 && d2 && d3 && d4 && d1 > 0 !== d2 > 0 && d3 > 0 !== d4 > 0) {
		const t = d3 / (d3 - d4);
		return [a.l[0] + t * (a.r[0] - a.l[0]), a.l[1] + t * (a.r[1] - a.l[1])];
	}
	if (d1 === 0 && within(a, b.l)) return b.l;
	if (d2 === 0 && within(a, b.r)) return b.r;
	if (d3 === 0 && within(b, a.l)) return a.l;
	if (d4 === 0 && within(b, a.r)) return a.r;
	return null;
}

/**
 * Order of two segments on the sweep line, both active: judged at the later start, which lies
 * within the other's span. Positive when s is above a. A start lying on a segment that is not
 * its neighbour in the ring is a touch, reported at once.
 */
function compare(s: Segment, a: Segment): number {
	if (s === a) return 0;
	if (lexCompare(s.l, a.l) < 0) return -compare(a, s);
	let order = side(a.l, a.r, s.l);
	if (order === 0) {
		if (!adjacent(a, s)) throw new Found(s.l);
		order = side(a.l, a.r, s.r);
		if (order === 0 && spikeOf(a, s)) throw new Found(s.l);
	}
	return order || s.ring - a.ring || s.index - a.index;
}

function segmentsOf(rings: Position[][]): Segment[] {
	const segments: Segment[] = [];
	rings.forEach((ring, r) => {
		const edges = ring.length - 1;
		for (let i = 0; i < edges; i++) {
			const [l, rr] = lexCompare(ring[i], ring[i + 1]) <= 0 ? [ring[i], ring[i + 1]] : [ring[i + 1], ring[i]];
			segments.push({ l, r: rr, ring: r, index: i, edges });
		}
	});
	return segments;
}

function eventsOf(segments: Segment[]): SweepEvent[] {
	const events: SweepEvent[] = [];
	for (const segment of segments) {
		events.push({ at: segment.l, segment, insert: true }, { at: segment.r, segment, insert: false });
	}
	// At one point, insert before removing, so segments meeting there are still compared.
	return events.sort((a, b) => lexCompare(a.at, b.at) || Number(b.insert) - Number(a.insert));
}

/** First index whose segment is not below s. */
function lowerBound(active: Segment[], s: Segment): number {
	let lo = 0;
	let hi = active.length;
	while (lo < hi) {
		const mid = (lo + hi) >>> 1;
		if (compare(s, active[mid]) > 0) lo = mid + 1;
		else hi = mid;
	}
	return lo;
}

function check(a: Segment | undefined, b: Segment | undefined): void {
	if (!a || !b) return;
	const at = crossingOf(a, b);
	if (at) throw new Found(at);
}

/** Where the rings of one polygon cross or touch each other or themselves, or null. */
export function firstCrossing(rings: Position[][]): Position | null {
	const active: Segment[] = [];
	try {
		for (const { segment, insert } of eventsOf(segmentsOf(rings))) {
			const at = lowerBound(active, segment);
			if (insert) {
				active.splice(at, 0, segment);
				check(active[at - 1], segment);
				check(segment, active[at + 1]);
			} else {
				const index = active[at] === segment ? at : active.indexOf(segment);
				active.splice(index, 1);
				check(active[index - 1], active[index]);
			}
		}
	} catch (caught) {
		if (caught instanceof Found) return caught.at;
		throw caught;
	}
	return null;
}
