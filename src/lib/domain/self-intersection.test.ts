import { describe, expect, it } from 'vitest';
import type { Position } from './geojson';
import { firstCrossing } from './self-intersection';

const close = (ring: Position[]): Position[] => [...ring, ring[0]];

/** A star with `corners` points joining every `step`-th corner of a circle: it crosses itself everywhere. */
export function star(corners: number, step = Math.floor(corners / 2) - 1): Position[] {
	const ring: Position[] = [];
	for (let i = 0; i < corners; i++) {
		const angle = (2 * Math.PI * ((i * step) % corners)) / corners;
		ring.push([119.4 + 0.01 * Math.cos(angle), 32.36 + 0.01 * Math.sin(angle)]);
	}
	return close(ring);
}

/** Reference: every pair of non-neighbouring edges, closed segments, exact on small integers. */
function bruteForce(rings: Position[][]): boolean {
	const edges: { a: Position; b: Position; ring: number; i: number; n: number }[] = [];
	rings.forEach((ring, r) => {
		for (let i = 0; i + 1 < ring.length; i++) edges.push({ a: ring[i], b: ring[i + 1], ring: r, i, n: ring.length - 1 });
	});
	const cross = (o: Position, p: Position, q: Position) => (p[0] - o[0]) * (q[1] - o[1]) - (p[1] - o[1]) * (q[0] - o[0]);
	const on = (a: Position, b: Position, p: Position) =>
		Math.min(a[0], b[0]) <= p[0] && p[0] <= Math.max(a[0], b[0]) && Math.min(a[1], b[1]) <= p[1] && p[1] <= Math.max(a[1], b[1]);
	for (let x = 0; x < edges.length; x++)
		for (let y = x + 1; y < edges.length; y++) {
			const e = edges[x];
			const f = edges[y];
			const d1 = cross(e.a, e.b, f.a);
			const d2 = cross(e.a, e.b, f.b);
			const d3 = cross(f.a, f.b, e.a);
			const d4 = cross(f.a, f.b, e.b);
			if (e.ring === f.ring && (Math.abs(e.i - f.i) === 1 || Math.abs(e.i - f.i) === e.n - 1)) {
				// Neighbours share a corner; only folding back onto each other (a spike) counts.
				const folds = d1 === 0 && d2 === 0 && (e.a[0] - e.b[0]) * (f.b[0] - f.a[0]) + (e.a[1] - e.b[1]) * (f.b[1] - f.a[1]) > 0;
				if (folds) return true;
				continue;
			}
			if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) return true;
			if ((d1 === 0 && on(e.a, e.b, f.a)) || (d2 === 0 && on(e.a, e.b, f.b))) return true;
			if ((d3 === 0 && on(f.a, f.b, e.a)) || (d4 === 0 && on(f.a, f.b, e.b))) return true;
		}
	return false;
}

function randomRing(next: () => number, corners: number, size: number): Position[] {
	const ring: Position[] = [];
	for (let i = 0; i < corners; i++) {
		const p: Position = [Math.floor(next() * size), Math.floor(next() * size)];
		const last = ring[ring.length - 1];
		if (!last || last[0] !== p[0] || last[1] !== p[1]) ring.push(p);
	}
	if (ring.length > 1 && ring[0][0] === ring[ring.length - 1][0] && ring[0][1] === ring[ring.length - 1][1]) ring.pop();
	return close(ring);
}

/** Small deterministic generator (mulberry32), so a failing case can be replayed. */
function seeded(seed: number): () => number {
	return () => {
		seed = (seed + 0x6d2b79f5) | 0;
		let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

describe('firstCrossing', () => {
	it('finds none in simple shapes: a square, a concave comb, a square with a hole', () => {
		expect(firstCrossing([close([[0, 0], [4, 0], [4, 4], [0, 4]])])).toBeNull();
		const comb: Position[] = [[0, 0], [10, 0], [10, 5]];
		for (let x = 9; x >= 1; x -= 2) comb.push([x, 1], [x - 1, 5]);
		expect(firstCrossing([close(comb)])).toBeNull();
		expect(firstCrossing([close([[0, 0], [10, 0], [10, 10], [0, 10]]), close([[2, 2], [2, 8], [8, 8], [8, 2]])])).toBeNull();
	});

	it('finds a bow-tie crossing where it is', () => {
		expect(firstCrossing([close([[0, 0], [2, 2], [2, 0], [0, 2]])])).toEqual([1, 1]);
	});

	it('finds touches: a corner on another edge, a corner visited twice, a hole touching its outer ring', () => {
		expect(firstCrossing([close([[0, 0], [4, 0], [4, 4], [2, 0], [0, 4]])])).toEqual([2, 0]);
		expect(firstCrossing([close([[0, 0], [2, 2], [4, 0], [4, 4], [2, 2], [0, 4]])])).toEqual([2, 2]);
		expect(firstCrossing([close([[0, 0], [10, 0], [10, 10], [0, 10]]), close([[0, 5], [5, 8], [5, 2]])])).toEqual([0, 5]);
	});

	it('finds a spike: an edge folding back onto the one before it', () => {
		expect(firstCrossing([close([[0, 0], [4, 0], [4, 4], [4, 2], [0, 4]])])).not.toBeNull();
	});

	it('finds collinear overlaps and vertical edges crossing', () => {
		expect(firstCrossing([close([[0, 0], [6, 0], [6, 2], [4, 0], [2, 0], [2, -2]])])).not.toBeNull();
		expect(firstCrossing([close([[0, 0], [4, 0], [4, 4], [2, -2], [2, 6], [0, 4]])])).not.toBeNull();
	});

	it('finds a crossing in a 2,000-corner star', () => {
		expect(firstCrossing([star(2_000)])).not.toBeNull();
	});

	it('agrees with the pairwise test on thousands of random small rings, degenerate cases included', () => {
		const next = seeded(12);
		for (let round = 0; round < 3_000; round++) {
			const rings = [randomRing(next, 3 + Math.floor(next() * 6), 6)];
			if (next() < 0.3) rings.push(randomRing(next, 3 + Math.floor(next() * 3), 6));
			if (rings.some((ring) => ring.length < 4)) continue;
			expect(firstCrossing(rings) !== null, JSON.stringify(rings)).toBe(bruteForce(rings));
		}
	});
});
