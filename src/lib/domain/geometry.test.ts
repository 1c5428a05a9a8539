import { describe, expect, it } from 'vitest';
import type { Polygon, Position } from './geojson';
import {
	boundsOf,
	checkPolygonal,
	maxParts,
	maxPositions,
	maxRingCorners,
	maxRings,
	sizeProblem,
	polygonalArea,
	representativePoint,
	type GeometryProblemCode
} from './geometry';

const lon0 = 119.4;
const lat0 = 32.36;
/** Metres per degree on turf's sphere (radius 6371008.8 m). */
const metresPerDegree = (6371008.8 * Math.PI) / 180;

/** A closed square ring `size` degrees wide with its south-west corner at (lon, lat). */
function square(lon: number, lat: number, size: number): Position[] {
	return [
		[lon, lat],
		[lon + size, lat],
		[lon + size, lat + size],
		[lon, lat + size],
		[lon, lat]
	];
}

function squareArea(size: number, lat = lat0 + size / 2): number {
	return (size * metresPerDegree) ** 2 * Math.cos((lat * Math.PI) / 180);
}

function problemOf(input: unknown): GeometryProblemCode | null {
	const check = checkPolygonal(input);
	return check.ok ? null : check.problem.code;
}

describe('checkPolygonal', () => {
	it('accepts a Polygon and returns a clean copy without extra properties', () => {
		const input = {
			type: 'Polygon',
			coordinates: [square(lon0, lat0, 0.001).map(([x, y]) => [x, y, 12])],
			properties: { name: 'x' },
			bbox: [0, 0, 1, 1]
		};
		const check = checkPolygonal(input);
		expect(check).toEqual({
			ok: true,
			geometry: { type: 'Polygon', coordinates: [square(lon0, lat0, 0.001)] }
		});
		if (check.ok) expect(check.geometry.coordinates[0]).not.toBe(input.coordinates[0]);
	});

	it('accepts a MultiPolygon and a polygon with a hole', () => {
		const multi = {
			type: 'MultiPolygon',
			coordinates: [[square(lon0, lat0, 0.001)], [square(lon0 + 0.01, lat0, 0.001)]]
		};
		expect(checkPolygonal(multi)).toEqual({ ok: true, geometry: multi });
		const holed = {
			type: 'Polygon',
			coordinates: [square(lon0, lat0, 0.002), square(lon0 + 0.0005, lat0 + 0.0005, 0.001)]
		};
		expect(checkPolygonal(holed)).toEqual({ ok: true, geometry: holed });
	});

	it('drops repeated consecutive vertices rather than reading them as crossings', () => {
		const ring = square(lon0, lat0, 0.001);
		const check = checkPolygonal({ type: 'Polygon', coordinates: [[ring[0], ...ring]] });
		expect(check).toEqual({ ok: true, geometry: { type: 'Polygon', coordinates: [ring] } });
	});

	it('names what it got when the input is not a polygon', () => {
		const feature = { type: 'Feature', geometry: { type: 'Polygon', coordinates: [] } };
		const check = checkPolygonal(feature);
		expect(check.ok).toBe(false);
		if (!check.ok) {
			expect(check.problem).toEqual({ code: 'not-polygon', key: 'problem_geometry_feature', params: { given: 'Feature' } });
		}
		expect(problemOf({ type: 'Point', coordinates: [lon0, lat0] })).toBe('not-polygon');
		expect(problemOf(null)).toBe('not-polygon');
		expect(problemOf('Polygon')).toBe('not-polygon');
		expect(problemOf([[lon0, lat0]])).toBe('not-polygon');
		expect(problemOf({ type: 'Polygon', coordinates: 'nope' })).toBe('not-polygon');
		expect(problemOf({ type: 'Polygon', coordinates: [[[lon0]]] })).toBe('not-polygon');
	});

	it('rejects empty shapes and shapes with no area', () => {
		expect(problemOf({ type: 'Polygon', coordinates: [] })).toBe('empty');
		expect(problemOf({ type: 'MultiPolygon', coordinates: [] })).toBe('empty');
		expect(problemOf({ type: 'MultiPolygon', coordinates: [[]] })).toBe('empty');
		const line: Position[] = [
			[lon0, lat0],
			[lon0 + 0.001, lat0],
			[lon0 + 0.002, lat0],
			[lon0, lat0]
		];
		expect(problemOf({ type: 'Polygon', coordinates: [line] })).toBe('empty');
	});

	it('rejects unclosed rings and rings with too few points', () => {
		const open = square(lon0, lat0, 0.001).slice(0, 4);
		expect(problemOf({ type: 'Polygon', coordinates: [open] })).toBe('unclosed');
		const triangle = square(lon0, lat0, 0.001).slice(0, 3);
		triangle.push(triangle[0]);
		expect(problemOf({ type: 'Polygon', coordinates: [triangle] })).toBe(null);
		expect(problemOf({ type: 'Polygon', coordinates: [triangle.slice(1)] })).toBe('unclosed');
		const twoPoints: Position[] = [[lon0, lat0], [lon0 + 0.001, lat0], [lon0, lat0]];
		expect(problemOf({ type: 'Polygon', coordinates: [twoPoints] })).toBe('too-few-points');
	});

	it('rejects coordinates that are not finite numbers', () => {
		const ring: unknown[] = square(lon0, lat0, 0.001);
		ring[1] = [lon0, '32.36'];
		expect(problemOf({ type: 'Polygon', coordinates: [ring] })).toBe('not-finite');
		ring[1] = [lon0, Number.NaN];
		expect(problemOf({ type: 'Polygon', coordinates: [ring] })).toBe('not-finite');
		ring[1] = [lon0, lat0, Infinity];
		expect(problemOf({ type: 'Polygon', coordinates: [ring] })).toBe('not-finite');
	});

	it('rejects coordinates out of range and points at them, hinting at swapped axes', () => {
		const swapped = square(lon0, lat0, 0.001).map(([x, y]) => [y, x]);
		const check = checkPolygonal({ type: 'Polygon', coordinates: [swapped] });
		expect(check.ok).toBe(false);
		if (!check.ok) {
			expect(check.problem.code).toBe('out-of-range');
			expect(check.problem.at).toEqual([lat0, lon0]);
			expect(check.problem.key).toBe('problem_geometry_out_of_range_swapped');
			expect(check.problem.params).toEqual({ lon: lat0, lat: lon0 });
		}
		const far = square(179.9995, lat0, 0.001);
		expect(problemOf({ type: 'Polygon', coordinates: [far] })).toBe('out-of-range');
	});

	it('rejects a bow-tie and says where it crosses', () => {
		const bowTie: Position[] = [
			[lon0, lat0],
			[lon0 + 0.002, lat0 + 0.002],
			[lon0 + 0.002, lat0],
			[lon0, lat0 + 0.002],
			[lon0, lat0]
		];
		const check = checkPolygonal({ type: 'Polygon', coordinates: [bowTie] });
		expect(check.ok).toBe(false);
		if (!check.ok) {
			expect(check.problem.code).toBe('self-intersecting');
			expect(check.problem.at?.[0]).toBeCloseTo(lon0 + 0.001, 9);
			expect(check.problem.at?.[1]).toBeCloseTo(lat0 + 0.001, 9);
			expect(check.problem.key).toBe('problem_geometry_self_intersecting');
			expect(check.problem.params).toEqual({ near: '119.40100, 32.36100' });
		}
	});

	it('rejects a hole that crosses its outer ring', () => {
		const outer = square(lon0, lat0, 0.002);
		const hole = square(lon0 + 0.001, lat0 + 0.0005, 0.002);
		expect(problemOf({ type: 'Polygon', coordinates: [outer, hole] })).toBe('self-intersecting');
	});

	it('rejects more than the maximum number of positions', () => {
		const circle = (count: number): Position[] => {
			const ring: Position[] = [];
			for (let i = 0; i < count; i++) {
				const angle = (2 * Math.PI * i) / count;
				ring.push([lon0 + 0.01 * Math.cos(angle), lat0 + 0.01 * Math.sin(angle)]);
			}
			ring.push(ring[0]);
			return ring;
		};
		expect(problemOf({ type: 'Polygon', coordinates: [circle(2000)] })).toBe(null);
		expect(problemOf({ type: 'Polygon', coordinates: [circle(maxPositions)] })).toBe(
			'too-many-points'
		);
		const many = Array.from({ length: 6 }, () => [circle(1999)]);
		expect(problemOf({ type: 'MultiPolygon', coordinates: many })).toBe('too-many-points');
	});

	it('bounds corners per ring, rings per polygon and parts, also when only counting (sizeProblem)', () => {
		const ring = (corners: number) => {
			const positions: Position[] = [];
			for (let i = 0; i < corners; i++) {
				const angle = (2 * Math.PI * i) / corners;
				positions.push([lon0 + 0.01 * Math.cos(angle), lat0 + 0.01 * Math.sin(angle)]);
			}
			return [...positions, positions[0]];
		};
		const cases: [unknown, boolean][] = [
			[{ type: 'Polygon', coordinates: [ring(maxRingCorners)] }, false],
			[{ type: 'Polygon', coordinates: [ring(maxRingCorners + 1)] }, true],
			[{ type: 'Polygon', coordinates: Array.from({ length: maxRings + 1 }, () => ring(3)) }, true],
			[{ type: 'MultiPolygon', coordinates: Array.from({ length: maxParts + 1 }, () => [ring(3)]) }, true],
			[{ type: 'MultiPolygon', coordinates: Array.from({ length: 6 }, () => [ring(1999)]) }, true]
		];
		for (const [input, tooMany] of cases) {
			expect(sizeProblem(input)?.code ?? null).toBe(tooMany ? 'too-many-points' : null);
			if (tooMany) expect(problemOf(input)).toBe('too-many-points');
		}
		expect(sizeProblem({ type: 'Feature' })).toBeNull();
	});

	it('refuses a self-crossing star at the corner limit', () => {
		const corners = maxRingCorners;
		const star: Position[] = [];
		for (let i = 0; i < corners; i++) {
			const angle = (2 * Math.PI * ((i * (corners / 2 - 1)) % corners)) / corners;
			star.push([lon0 + 0.01 * Math.cos(angle), lat0 + 0.01 * Math.sin(angle)]);
		}
		expect(problemOf({ type: 'Polygon', coordinates: [[...star, star[0]]] })).toBe('self-intersecting');
	});
});

describe('polygonalArea', () => {
	it('measures a small square near the community in square metres', () => {
		const size = 0.001;
		const area = polygonalArea({ type: 'Polygon', coordinates: [square(lon0, lat0, size)] });
		expect(area).toBeGreaterThan(9000);
		expect(Math.abs(area - squareArea(size)) / squareArea(size)).toBeLessThan(0.005);
	});

	it('subtracts holes and adds the parts of a MultiPolygon', () => {
		const outer = square(lon0, lat0, 0.002);
		const hole = square(lon0 + 0.0005, lat0 + 0.0005, 0.001);
		const holed = polygonalArea({ type: 'Polygon', coordinates: [outer, hole] });
		expect(holed / squareArea(0.002)).toBeCloseTo(0.75, 2);
		const two = polygonalArea({
			type: 'MultiPolygon',
			coordinates: [[square(lon0, lat0, 0.001)], [square(lon0 + 0.01, lat0, 0.001)]]
		});
		expect(two / squareArea(0.001)).toBeCloseTo(2, 2);
	});
});

describe('representativePoint', () => {
	const inside = (polygon: Polygon, [x, y]: Position) => {
		const xs = (ring: Position[]) =>
			ring.slice(1).filter((b, i) => ring[i][1] <= y !== b[1] <= y && xAt(ring[i], b, y) < x);
		return polygon.coordinates.reduce((n, ring) => n + xs(ring).length, 0) % 2 === 1;
	};
	const xAt = (a: Position, b: Position, y: number) =>
		a[0] + ((y - a[1]) / (b[1] - a[1])) * (b[0] - a[0]);

	it('uses the centre of a plain square', () => {
		const point = representativePoint({ type: 'Polygon', coordinates: [square(lon0, lat0, 0.002)] });
		expect(point[0]).toBeCloseTo(lon0 + 0.001, 9);
		expect(point[1]).toBeCloseTo(lat0 + 0.001, 9);
	});

	it('finds a point strictly inside a U shape and a ring with a hole', () => {
		const u: Polygon = {
			type: 'Polygon',
			coordinates: [
				[
					[lon0, lat0],
					[lon0 + 0.003, lat0],
					[lon0 + 0.003, lat0 + 0.003],
					[lon0 + 0.002, lat0 + 0.003],
					[lon0 + 0.002, lat0 + 0.001],
					[lon0 + 0.001, lat0 + 0.001],
					[lon0 + 0.001, lat0 + 0.003],
					[lon0, lat0 + 0.003],
					[lon0, lat0]
				]
			]
		};
		const uPoint = representativePoint(u);
		expect(inside(u, uPoint)).toBe(true);
		expect(u.coordinates[0].some(([x, y]) => x === uPoint[0] && y === uPoint[1])).toBe(false);
		const holed: Polygon = {
			type: 'Polygon',
			coordinates: [square(lon0, lat0, 0.003), square(lon0 + 0.0005, lat0 + 0.0005, 0.002)]
		};
		expect(inside(holed, representativePoint(holed))).toBe(true);
	});

	it('picks a point in the largest part of a MultiPolygon', () => {
		const point = representativePoint({
			type: 'MultiPolygon',
			coordinates: [[square(lon0, lat0, 0.001)], [square(lon0 + 0.01, lat0, 0.003)]]
		});
		expect(inside({ type: 'Polygon', coordinates: [square(lon0 + 0.01, lat0, 0.003)] }, point)).toBe(
			true
		);
	});
});

describe('boundsOf', () => {
	it('frames every position of every geometry', () => {
		expect(boundsOf([])).toBeNull();
		const bounds = boundsOf([
			{ type: 'Polygon', coordinates: [square(lon0, lat0, 0.001)] },
			{ type: 'MultiPolygon', coordinates: [[square(lon0 + 0.01, lat0 - 0.002, 0.001)]] }
		]);
		const expected = [lon0, lat0 - 0.002, lon0 + 0.011, lat0 + 0.001];
		expected.forEach((n, i) => expect(bounds?.[i]).toBeCloseTo(n, 9));
	});
});
