/**
 * The outline of each suggested micro-grid: the convex hull of its buildings' footprints grown
 * by a few metres, clipped to the grid, minus the other groups' footprints (with a margin) and
 * minus the outlines drawn before it, so groups never overlap and each holds its own buildings.
 * Clipping is done with `difference` only (A ∩ B = A − (A − B)).
 */
import { difference } from '@turf/difference';
import { feature, featureCollection } from '@turf/helpers';
import type { Polygonal, Position } from './geojson';
import { checkPolygonal } from './geometry';

/** How far an outline reaches past its buildings. */
const marginMetres = 6;
/** Other groups' footprints are kept this far from an outline. */
const clearanceMetres = 1;

const metresPerDegree = 111_320;

function rings(geometry: Polygonal): Position[][] {
	return geometry.type === 'Polygon' ? geometry.coordinates : geometry.coordinates.flat();
}

/** Andrew's monotone chain; the hull counter-clockwise and closed. */
export function convexHull(points: Position[]): Position[] {
	const sorted = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
	const cross = (o: Position, a: Position, b: Position) => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
	const half = (list: Position[]) => {
		const chain: Position[] = [];
		for (const p of list) {
			while (chain.length >= 2 && cross(chain[chain.length - 2], chain[chain.length - 1], p) <= 0) chain.pop();
			chain.push(p);
		}
		chain.pop();
		return chain;
	};
	const hull = [...half(sorted), ...half([...sorted].reverse())];
	return [...hull, hull[0]];
}

/** The hull of footprints with every corner grown into an octagon of `metres`. */
function grownHull(footprints: Polygonal[], metres: number): Polygonal {
	const points: Position[] = [];
	for (const footprint of footprints) {
		for (const ring of rings(footprint)) {
			for (const [lon, lat] of ring) {
				const dLat = metres / metresPerDegree;
				const dLon = metres / (metresPerDegree * Math.cos((lat * Math.PI) / 180));
				for (let k = 0; k < 8; k++) {
					const angle = (k * Math.PI) / 4 + Math.PI / 8;
					points.push([lon + dLon * Math.cos(angle), lat + dLat * Math.sin(angle)]);
				}
			}
		}
	}
	return { type: 'Polygon', coordinates: [convexHull(points)] };
}

function minus(a: Polygonal | null, b: Polygonal | null): Polygonal | null {
	if (!a || !b) return a;
	const rest = difference(featureCollection([feature(a), feature(b)]));
	return rest ? (rest.geometry as Polygonal) : null;
}

function union(parts: Polygonal[]): Polygonal | null {
	if (!parts.length) return null;
	const polygons = parts.flatMap((p) => (p.type === 'Polygon' ? [p.coordinates] : p.coordinates));
	// difference(everything − nothing) dissolves overlapping parts into a valid union.
	const empty: Polygonal = { type: 'Polygon', coordinates: [[[0, 0], [1e-9, 0], [0, 1e-9], [0, 0]]] };
	return minus({ type: 'MultiPolygon', coordinates: polygons }, empty);
}

/** One outline per group (null when none could be drawn, e.g. no footprints). */
export function groupOutlines(groups: Polygonal[][], grid: Polygonal | null): (Polygonal | null)[] {
	const clearances = groups.map((footprints) => (footprints.length ? grownHullsOf(footprints, clearanceMetres) : null));
	const drawn: Polygonal[] = [];
	return groups.map((footprints, index) => {
		if (!footprints.length) return null;
		let outline: Polygonal | null = grownHull(footprints, marginMetres);
		if (grid) outline = minus(outline, minus(outline, grid));
		const others = clearances.filter((c, i): c is Polygonal => i !== index && c !== null);
		outline = minus(outline, union(others));
		outline = minus(outline, union(drawn));
		const checked = outline && checkPolygonal(outline);
		if (!checked || !checked.ok) return null;
		drawn.push(checked.geometry);
		return checked.geometry;
	});
}

/** Each footprint grown by `metres` (its own hull: footprints are near enough convex for a margin). */
function grownHullsOf(footprints: Polygonal[], metres: number): Polygonal {
	return union(footprints.map((f) => grownHull([f], metres)))!;
}
