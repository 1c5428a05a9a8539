import { describe, expect, it } from 'vitest';
import type { Polygonal, Position } from '$lib/domain/geojson';
import { editablePolygon, nearestVertex, shapeVertices, type Projector } from './shapes';

const square = (x: number, y: number, size: number): Position[] => [
	[x, y],
	[x + size, y],
	[x + size, y + size],
	[x, y + size],
	[x, y]
];

/** 1 degree = 1000 px, y grows downwards like a screen. */
const projector: Projector = {
	project: (lng, lat) => ({ x: lng * 1000, y: -lat * 1000 }),
	unproject: (x, y) => ({ lng: x / 1000, lat: -y / 1000 })
};

describe('editablePolygon', () => {
	it('rounds a simple polygon to terra-draw precision and keeps it closed', () => {
		const polygon = editablePolygon(
			{ type: 'Polygon', coordinates: [[[119.1234567891234, 32.1], [119.2, 32.1], [119.2, 32.2], [119.1234567891234, 32.1]]] },
			9
		);
		expect(polygon?.coordinates[0][0]).toEqual([119.123456789, 32.1]);
		expect(polygon?.coordinates[0].at(-1)).toEqual([119.123456789, 32.1]);
	});

	it('takes a multipolygon of one part as its polygon', () => {
		const geometry: Polygonal = { type: 'MultiPolygon', coordinates: [[square(1, 1, 1)]] };
		expect(editablePolygon(geometry)?.type).toBe('Polygon');
	});

	it('refuses shapes terra-draw cannot edit: several parts, holes', () => {
		expect(editablePolygon({ type: 'MultiPolygon', coordinates: [[square(0, 0, 1)], [square(5, 5, 1)]] })).toBeNull();
		expect(editablePolygon({ type: 'Polygon', coordinates: [square(0, 0, 4), square(1, 1, 1)] })).toBeNull();
	});

	it('drops points that rounding made equal, and refuses what collapses', () => {
		const polygon = editablePolygon(
			{ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1.0000000000001, 0], [1, 1], [0, 0]]] },
			9
		);
		expect(polygon?.coordinates[0]).toEqual([[0, 0], [1, 0], [1, 1], [0, 0]]);
		expect(editablePolygon({ type: 'Polygon', coordinates: [[[0, 0], [1e-12, 0], [0, 1e-12], [0, 0]]] }, 9)).toBeNull();
	});
});

describe('snapping to vertices', () => {
	it('collects each vertex once over polygons and multipolygons', () => {
		const vertices = shapeVertices([
			{ type: 'Polygon', coordinates: [square(0, 0, 1)] },
			{ type: 'MultiPolygon', coordinates: [[square(1, 0, 1)]] }
		]);
		expect(vertices).toHaveLength(6);
	});

	it('finds the nearest vertex within the pixel tolerance only', () => {
		const vertices: Position[] = [[0.1, 0.1], [0.105, 0.1], [0.2, 0.2]];
		expect(nearestVertex({ x: 104, y: -100 }, vertices, projector, 10)).toEqual([0.105, 0.1]);
		expect(nearestVertex({ x: 150, y: -150 }, vertices, projector, 10)).toBeUndefined();
		expect(nearestVertex({ x: 208, y: -200 }, vertices, projector, 10)).toEqual([0.2, 0.2]);
	});
});
