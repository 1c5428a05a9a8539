import type { Polygon, Polygonal, Position } from '$lib/domain/geojson';

/** Digits after the decimal point terra-draw keeps (its adapters' default); ~0.1 mm. */
export const drawPrecision = 9;

type ScreenPoint = { x: number; y: number };
type LngLat = { lng: number; lat: number };
export type Projector = {
	project: (lng: number, lat: number) => ScreenPoint;
	unproject: (x: number, y: number) => LngLat;
};

function round(value: number, digits: number): number {
	const factor = 10 ** digits;
	return Math.round(value * factor) / factor;
}

function roundRing(ring: Position[], digits: number): Position[] {
	const rounded = ring.map(([lng, lat]) => [round(lng, digits), round(lat, digits)] as Position);
	// Rounding can make neighbours equal; terra-draw rejects repeated points.
	const kept = rounded.filter((point, i) => i === 0 || point[0] !== rounded[i - 1][0] || point[1] !== rounded[i - 1][1]);
	const [first, last] = [kept[0], kept.at(-1)];
	if (first && last && (first[0] !== last[0] || first[1] !== last[1])) kept.push([first[0], first[1]]);
	return kept;
}

/**
 * The shape as terra-draw can edit it: one outer ring, no holes, coordinates rounded to its
 * precision. A multi-part shape or one with holes cannot be edited on the map (null); its
 * details still can.
 */
export function editablePolygon(geometry: Polygonal, digits = drawPrecision): Polygon | null {
	const rings =
		geometry.type === 'Polygon'
			? geometry.coordinates
			: geometry.coordinates.length === 1
				? geometry.coordinates[0]
				: null;
	if (!rings || rings.length !== 1) return null;
	const ring = roundRing(rings[0], digits);
	return ring.length >= 4 ? { type: 'Polygon', coordinates: [ring] } : null;
}

/** Every distinct vertex of the shapes, the snapping targets while drawing. */
export function shapeVertices(geometries: Iterable<Polygonal>): Position[] {
	const seen = new Set<string>();
	const vertices: Position[] = [];
	for (const geometry of geometries) {
		const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
		for (const rings of polygons)
			for (const ring of rings)
				for (const [lng, lat] of ring) {
					const key = `${lng},${lat}`;
					if (seen.has(key)) continue;
					seen.add(key);
					vertices.push([lng, lat]);
				}
	}
	return vertices;
}

/**
 * The vertex nearest to a pointer within `tolerance` pixels, or undefined. Only vertices
 * inside the pointer's lng/lat box are projected, so a large structure stays cheap.
 */
export function nearestVertex(
	pointer: ScreenPoint,
	vertices: readonly Position[],
	projector: Projector,
	tolerance: number
): Position | undefined {
	const corners = [
		projector.unproject(pointer.x - tolerance, pointer.y - tolerance),
		projector.unproject(pointer.x + tolerance, pointer.y + tolerance)
	];
	const [west, east] = [Math.min(corners[0].lng, corners[1].lng), Math.max(corners[0].lng, corners[1].lng)];
	const [south, north] = [Math.min(corners[0].lat, corners[1].lat), Math.max(corners[0].lat, corners[1].lat)];
	let best: Position | undefined;
	let bestDistance = tolerance;
	for (const vertex of vertices) {
		const [lng, lat] = vertex;
		if (lng < west || lng > east || lat < south || lat > north) continue;
		const screen = projector.project(lng, lat);
		const distance = Math.hypot(screen.x - pointer.x, screen.y - pointer.y);
		if (distance <= bestDistance) {
			best = vertex;
			bestDistance = distance;
		}
	}
	return best ? [best[0], best[1]] : undefined;
}

/** The outer ring without its closing point: what a person sees as the corners. */
export function cornerCount(polygon: Polygon): number {
	return Math.max(0, polygon.coordinates[0].length - 1);
}
