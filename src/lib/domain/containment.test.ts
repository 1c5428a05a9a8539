import { describe, expect, it } from 'vitest';
import { containingArea, outsidePart } from './containment';
import type { Polygonal, Position } from './geojson';

const lon0 = 119.4;
const lat0 = 32.36;
const metresPerDegree = (6371008.8 * Math.PI) / 180;

function square(lon: number, lat: number, width: number, height = width): Polygonal {
	const ring: Position[] = [
		[lon, lat],
		[lon + width, lat],
		[lon + width, lat + height],
		[lon, lat + height],
		[lon, lat]
	];
	return { type: 'Polygon', coordinates: [ring] };
}

/** Square metres of a lon × lat rectangle centred near latitude `lat`. */
function rectangleArea(width: number, height: number, lat: number): number {
	return width * height * metresPerDegree ** 2 * Math.cos((lat * Math.PI) / 180);
}

describe('outsidePart', () => {
	const parent = square(lon0, lat0, 0.01);

	it('is null for a child well inside its parent', () => {
		expect(outsidePart(square(lon0 + 0.002, lat0 + 0.002, 0.001), parent)).toBeNull();
	});

	it('is null for a child that fills the parent exactly', () => {
		expect(outsidePart(parent, parent)).toBeNull();
	});

	it('returns the part sticking out, with its area', () => {
		// A 0.002° square whose eastern half lies beyond the parent's east edge.
		const child = square(lon0 + 0.009, lat0 + 0.004, 0.002);
		const outside = outsidePart(child, parent);
		expect(outside).not.toBeNull();
		const expected = rectangleArea(0.001, 0.002, lat0 + 0.005);
		expect(Math.abs(outside!.area - expected) / expected).toBeLessThan(0.01);
		expect(outside!.area).toBeGreaterThan(20_000);
		const positions = (outside!.geometry.coordinates as Position[][]).flat();
		expect(Math.min(...positions.map(([lon]) => lon))).toBeCloseTo(lon0 + 0.01, 9);
	});

	it('returns the whole child when it lies outside', () => {
		const child = square(lon0 + 0.02, lat0, 0.001);
		const outside = outsidePart(child, parent);
		const expected = rectangleArea(0.001, 0.001, lat0 + 0.0005);
		expect(Math.abs(outside!.area - expected) / expected).toBeLessThan(0.01);
	});

	it('ignores a sliver below 1 % of the child', () => {
		// About 0.5 % of the child's width sticks out: roughly 1 m wide, 90 m tall.
		const child = square(lon0 + 0.009 + 0.0000095, lat0 + 0.004, 0.001);
		expect(outsidePart(child, parent)).toBeNull();
		// 5 % is real.
		const wider = square(lon0 + 0.009 + 0.00005, lat0 + 0.004, 0.001);
		expect(outsidePart(wider, parent)?.area).toBeGreaterThan(400);
	});

	it('ignores less than a square metre even when that is over 1 % of a tiny child', () => {
		// A child of about 26 m²: 0.8 m² outside is noise, 3 m² is not.
		const size = 0.00005;
		const edge = lon0 + 0.01;
		const widthFor = (m2: number) =>
			m2 / (size * metresPerDegree ** 2 * Math.cos(((lat0 + 0.005) * Math.PI) / 180));
		const child = (outsideM2: number) =>
			square(edge - size + widthFor(outsideM2), lat0 + 0.005, size);
		expect(outsidePart(child(0.8), parent)).toBeNull();
		expect(outsidePart(child(3), parent)?.area).toBeCloseTo(3, 1);
	});

	it('works with holes and MultiPolygons', () => {
		const holed: Polygonal = {
			type: 'Polygon',
			coordinates: [
				(square(lon0, lat0, 0.01) as { coordinates: Position[][] }).coordinates[0],
				(square(lon0 + 0.004, lat0 + 0.004, 0.002) as { coordinates: Position[][] }).coordinates[0]
			]
		};
		const inHole = square(lon0 + 0.0045, lat0 + 0.0045, 0.001);
		const inHoleOut = outsidePart(inHole, holed);
		expect(inHoleOut).not.toBeNull();
		expect(outsidePart(square(lon0 + 0.001, lat0 + 0.001, 0.001), holed)).toBeNull();
		const twoParts: Polygonal = {
			type: 'MultiPolygon',
			coordinates: [
				[(square(lon0 + 0.001, lat0 + 0.001, 0.001) as { coordinates: Position[][] }).coordinates[0]],
				[(square(lon0 + 0.02, lat0, 0.001) as { coordinates: Position[][] }).coordinates[0]]
			]
		};
		const outside = outsidePart(twoParts, parent);
		const expected = rectangleArea(0.001, 0.001, lat0 + 0.0005);
		expect(Math.abs(outside!.area - expected) / expected).toBeLessThan(0.01);
	});
});

describe('containingArea', () => {
	const areas = [
		{ id: 'none', geometry: null },
		{ id: 'west', geometry: square(lon0, lat0, 0.01) },
		{ id: 'east', geometry: square(lon0 + 0.01, lat0, 0.01) }
	];

	it('finds the area that holds the point', () => {
		expect(containingArea([lon0 + 0.005, lat0 + 0.005], areas)?.id).toBe('west');
		expect(containingArea([lon0 + 0.015, lat0 + 0.005], areas)?.id).toBe('east');
	});

	it('returns the first one on a shared edge, and null outside every area', () => {
		expect(containingArea([lon0 + 0.01, lat0 + 0.005], areas)?.id).toBe('west');
		expect(containingArea([lon0 + 0.03, lat0 + 0.005], areas)).toBeNull();
		expect(containingArea([lon0, lat0], [])).toBeNull();
	});
});
