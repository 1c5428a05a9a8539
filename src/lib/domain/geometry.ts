import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import { area } from '@turf/area';
import { pointOnFeature } from '@turf/point-on-feature';
import type { Polygon, Polygonal, Position } from './geojson';
import type { Problem } from './problem';
import { firstCrossing } from './self-intersection';

export type GeometryProblemCode =
	| 'not-polygon'
	| 'empty'
	| 'unclosed'
	| 'too-few-points'
	| 'not-finite'
	| 'out-of-range'
	| 'self-intersecting'
	| 'too-many-points';
/** Message keys of the geometry problems (`messages/*.json`), rendered by whoever shows them. */
export type GeometryProblemKey =
	| 'problem_geometry_not_polygon'
	| 'problem_geometry_feature'
	| 'problem_geometry_malformed'
	| 'problem_geometry_not_finite'
	| 'problem_geometry_out_of_range'
	| 'problem_geometry_out_of_range_swapped'
	| 'problem_geometry_unclosed'
	| 'problem_geometry_too_few_points'
	| 'problem_geometry_too_complex'
	| 'problem_geometry_empty'
	| 'problem_geometry_self_intersecting';
/** What is wrong (`code`, stable for clients), how to say it (`key`, `params`) and where (`at`). */
export type GeometryProblem = Problem<GeometryProblemKey> & { code: GeometryProblemCode; at?: Position };
export type GeometryCheck = { ok: true; geometry: Polygonal } | { ok: false; problem: GeometryProblem };

/**
 * Size limits of one shape. A building footprint has tens of corners, a grid traced along
 * streets a few hundred; these leave room for surveyed outlines and keep the check cheap.
 */
/** Positions across all rings and parts. */
export const maxPositions = 10_000;
/** Corners of one ring (its positions less the closing repeat). */
export const maxRingCorners = 2_000;
/** Rings of one polygon: the outline and its holes (courtyards). */
export const maxRings = 100;
/** Polygons of one MultiPolygon. */
export const maxParts = 100;
/** Below this a ring is a line or a point, whatever its vertices say. */
const minRingArea = 0.001;

class Refused extends Error {
	constructor(readonly problem: GeometryProblem) {
		super(problem.key);
	}
}

function fail(code: GeometryProblemCode, key: GeometryProblemKey, params: GeometryProblem['params'] = {}, at?: Position): never {
	throw new Refused(at ? { code, key, params, at } : { code, key, params });
}

const near = ([lon, lat]: Position) => `${lon.toFixed(5)}, ${lat.toFixed(5)}`;

function describe(input: unknown): string {
	if (input === null) return 'null';
	if (Array.isArray(input)) return 'an array';
	if (typeof input === 'object') {
		const type = (input as { type?: unknown }).type;
		return typeof type === 'string' ? type : 'an object without a type';
	}
	return `a ${typeof input}`;
}

function notPolygon(input: unknown): never {
	const given = describe(input);
	fail('not-polygon', given === 'Feature' ? 'problem_geometry_feature' : 'problem_geometry_not_polygon', { given });
}

function badShape(): never {
	fail('not-polygon', 'problem_geometry_malformed');
}

function cleanPosition(input: unknown): Position {
	if (!Array.isArray(input) || input.length < 2 || input.length > 3) badShape();
	if (!input.every((n) => typeof n === 'number' && Number.isFinite(n)))
		fail('not-finite', 'problem_geometry_not_finite');
	const position: Position = [input[0], input[1]];
	const [lon, lat] = position;
	if (Math.abs(lon) > 180 || Math.abs(lat) > 90) {
		const swapped = Math.abs(lat) > 90 && Math.abs(lon) <= 90;
		fail('out-of-range', swapped ? 'problem_geometry_out_of_range_swapped' : 'problem_geometry_out_of_range', { lon, lat }, position);
	}
	return position;
}

const collinear = (a: Position, b: Position, c: Position) =>
	(b[0] - a[0]) * (c[1] - a[1]) === (b[1] - a[1]) * (c[0] - a[0]);

const samePosition = (a: Position, b: Position) => a[0] === b[0] && a[1] === b[1];

/** A ring without repeated consecutive vertices, which would read as false crossings. */
function cleanRing(input: unknown, budget: { left: number }): Position[] {
	if (!Array.isArray(input)) badShape();
	budget.left -= input.length;
	if (budget.left < 0 || input.length > maxRingCorners + 1) tooMany();
	const ring: Position[] = [];
	for (const raw of input) {
		const position = cleanPosition(raw);
		if (!ring.length || !samePosition(ring[ring.length - 1], position)) ring.push(position);
	}
	if (ring.length > 1 && !samePosition(ring[0], ring[ring.length - 1]))
		fail('unclosed', 'problem_geometry_unclosed', {}, ring[ring.length - 1]);
	if (ring.length < 4)
		fail('too-few-points', 'problem_geometry_too_few_points', {}, ring[0]);
	return ring;
}

function tooManyProblem(): GeometryProblem {
	return {
		code: 'too-many-points',
		key: 'problem_geometry_too_complex',
		params: { corners: maxRingCorners, rings: maxRings, parts: maxParts, points: maxPositions }
	};
}

function tooMany(): never {
	throw new Refused(tooManyProblem());
}

/**
 * The size limits alone, counted without reading a coordinate: cheap enough to run on any
 * request body before anything else. Null when within them (or not even shaped like one).
 */
export function sizeProblem(input: unknown): GeometryProblem | null {
	if (typeof input !== 'object' || input === null) return null;
	const { type, coordinates } = input as { type?: unknown; coordinates?: unknown };
	if (!Array.isArray(coordinates)) return null;
	const polygons = type === 'MultiPolygon' ? coordinates : [coordinates];
	if (polygons.length > maxParts) return tooManyProblem();
	let positions = 0;
	for (const polygon of polygons) {
		if (!Array.isArray(polygon)) continue;
		if (polygon.length > maxRings) return tooManyProblem();
		for (const ring of polygon) {
			if (!Array.isArray(ring)) continue;
			if (ring.length > maxRingCorners + 1) return tooManyProblem();
			positions += ring.length;
		}
	}
	return positions > maxPositions ? tooManyProblem() : null;
}

function empty(): never {
	fail('empty', 'problem_geometry_empty');
}

function cleanPolygon(input: unknown, budget: { left: number }): Position[][] {
	if (!Array.isArray(input)) badShape();
	if (!input.length) empty();
	if (input.length > maxRings) tooMany();
	const rings = input.map((ring) => cleanRing(ring, budget));
	// A ring along one line folds back on itself; it has no area rather than a crossing.
	if (rings[0].every((p) => collinear(rings[0][0], rings[0][1], p))) empty();
	const at = firstCrossing(rings);
	if (at) {
		fail('self-intersecting', 'problem_geometry_self_intersecting', { near: near(at) }, at);
	}
	// After the crossing test: a symmetric bow-tie has no net area either.
	if (area({ type: 'Polygon', coordinates: [rings[0]] }) < minRingArea) empty();
	return rings;
}

/** Validates untrusted JSON as a Polygon or MultiPolygon and returns a clean copy of it. */
export function checkPolygonal(input: unknown): GeometryCheck {
	try {
		if (typeof input !== 'object' || input === null || Array.isArray(input)) notPolygon(input);
		const { type, coordinates } = input as { type?: unknown; coordinates?: unknown };
		const budget = { left: maxPositions };
		if (type === 'Polygon')
			return { ok: true, geometry: { type, coordinates: cleanPolygon(coordinates, budget) } };
		if (type !== 'MultiPolygon') notPolygon(input);
		if (!Array.isArray(coordinates)) badShape();
		if (!coordinates.length) empty();
		if (coordinates.length > maxParts) tooMany();
		const polygons = coordinates.map((polygon) => cleanPolygon(polygon, budget));
		return { ok: true, geometry: { type, coordinates: polygons } };
	} catch (error) {
		if (error instanceof Refused) return { ok: false, problem: error.problem };
		throw error;
	}
}

/** Square metres on the sphere; holes subtract. */
export function polygonalArea(geometry: Polygonal): number {
	return area(geometry);
}

function polygonsOf(geometry: Polygonal): Position[][][] {
	return geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
}

/**
 * A point strictly inside the shape, for labels and for "which micro-grid holds this
 * building". point-on-feature falls back to a vertex when the centre lies outside (a U
 * shape, a hole), and a vertex sits on the boundary; then a scanline finds the widest
 * inner span of the largest polygon and takes its middle.
 */
export function representativePoint(geometry: Polygonal): Position {
	const candidate = pointOnFeature(geometry).geometry.coordinates as Position;
	if (booleanPointInPolygon(candidate, geometry, { ignoreBoundary: true })) return candidate;
	const largest = polygonsOf(geometry).reduce((best, polygon) =>
		area({ type: 'Polygon', coordinates: polygon }) > area({ type: 'Polygon', coordinates: best })
			? polygon
			: best
	);
	return scanlinePoint({ type: 'Polygon', coordinates: largest }) ?? candidate;
}

function scanlinePoint(polygon: Polygon): Position | null {
	const [, south, , north] = boundsOf([polygon]) as [number, number, number, number];
	let best: { width: number; point: Position } | null = null;
	for (const fraction of [0.5, 0.25, 0.75, 0.375, 0.625, 0.125, 0.875]) {
		const y = south + (north - south) * fraction;
		const xs = crossingsAt(polygon, y);
		for (let i = 0; i + 1 < xs.length; i += 2) {
			const width = xs[i + 1] - xs[i];
			if (width > (best?.width ?? 0)) best = { width, point: [(xs[i] + xs[i + 1]) / 2, y] };
		}
	}
	return best?.point ?? null;
}

/** Where the horizontal line at latitude y crosses the rings, west to east (half-open rule). */
function crossingsAt(polygon: Polygon, y: number): number[] {
	const xs: number[] = [];
	for (const ring of polygon.coordinates)
		for (let i = 0; i + 1 < ring.length; i++) {
			const [x1, y1] = ring[i];
			const [x2, y2] = ring[i + 1];
			if (y1 <= y !== y2 <= y) xs.push(x1 + ((y - y1) / (y2 - y1)) * (x2 - x1));
		}
	return xs.sort((a, b) => a - b);
}

/** [west, south, east, north] over every position, or null when there is nothing to frame. */
export function boundsOf(geometries: Polygonal[]): [number, number, number, number] | null {
	let bounds: [number, number, number, number] | null = null;
	for (const geometry of geometries)
		for (const polygon of polygonsOf(geometry))
			for (const ring of polygon)
				for (const [lon, lat] of ring) {
					if (!bounds) bounds = [lon, lat, lon, lat];
					else {
						bounds[0] = Math.min(bounds[0], lon);
						bounds[1] = Math.min(bounds[1], lat);
						bounds[2] = Math.max(bounds[2], lon);
						bounds[3] = Math.max(bounds[3], lat);
					}
				}
	return bounds;
}
