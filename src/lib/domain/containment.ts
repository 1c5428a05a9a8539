import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import { difference } from '@turf/difference';
import { feature, featureCollection } from '@turf/helpers';
import type { Polygonal, Position } from './geojson';
import { polygonalArea } from './geometry';

/** The part of a child outside its parent, with its area in square metres. */
export type Outside = { geometry: Polygonal; area: number };

/**
 * Hand-drawn neighbours never line up exactly: a sliver below 1 m², or below 1 % of the
 * child, is drawing noise rather than a building or micro-grid that really sticks out.
 */
function negligible(outside: number, child: number): boolean {
	return outside < Math.max(1, child * 0.01);
}

/** The part of `child` outside `parent`, or null when the child is (near enough) inside. */
export function outsidePart(child: Polygonal, parent: Polygonal): Outside | null {
	const rest = difference(featureCollection([feature(child), feature(parent)]));
	if (!rest) return null;
	const geometry = rest.geometry as Polygonal;
	const area = polygonalArea(geometry);
	return negligible(area, polygonalArea(child)) ? null : { geometry, area };
}

/** The first area whose geometry holds the point (its boundary counts as inside). */
export function containingArea<T extends { id: string; geometry: Polygonal | null }>(
	point: Position,
	areas: T[]
): T | null {
	return areas.find((a) => a.geometry && booleanPointInPolygon(point, a.geometry)) ?? null;
}
