// The benchmark community as map data: 5,000 rectangles on a grid near the demo community,
// shaped like the features `GET /api/communities/:id/map` sends.
import type { MapCollection, MapFeature } from '../../../src/lib/domain/structure-map';
import type { BenchBuilding } from '../../board/community';

const origin = { lng: 119.38, lat: 32.35 };
const metre = { lng: 1 / 94_000, lat: 1 / 111_000 };

export function benchCollection(buildings: readonly BenchBuilding[]): MapCollection {
	const features: MapFeature[] = buildings.map((building) => {
		const west = origin.lng + building.column * 45 * metre.lng;
		const south = origin.lat + building.row * 30 * metre.lat;
		const east = west + 32 * metre.lng;
		const north = south + 14 * metre.lat;
		const label = `${building.row + 1}-${building.column + 1}号楼`;
		return {
			type: 'Feature',
			id: building.id,
			geometry: { type: 'Polygon', coordinates: [[[west, south], [east, south], [east, north], [west, north], [west, south]]] },
			properties: {
				kind: 'building',
				id: building.id,
				name: label,
				label,
				gridId: null,
				microGridId: `mg${building.microGrid}`,
				compoundId: null,
				colorIndex: 0,
				households: building.codes.length,
				units: 0,
				floors: 0,
				roomsPerFloor: 0,
				liaisonIds: []
			}
		};
	});
	return { type: 'FeatureCollection', features };
}
