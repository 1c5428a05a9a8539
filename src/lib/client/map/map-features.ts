import type { Polygonal, Position } from '$lib/domain/geojson';
import type { BuildingProperties, GridProperties, MapCollection, MapFeature, MicroGridProperties, Selection } from './map-types';

export type Bounds = [number, number, number, number];

function positionsOf(geometry: Polygonal): Position[] {
	return geometry.type === 'Polygon' ? geometry.coordinates.flat() : geometry.coordinates.flat(2);
}

/** [west, south, east, north] around the given features, or null when there are none. */
export function featureBounds(features: readonly MapFeature[]): Bounds | null {
	let bounds: Bounds | null = null;
	for (const feature of features) {
		for (const [lng, lat] of positionsOf(feature.geometry)) {
			if (!bounds) bounds = [lng, lat, lng, lat];
			else bounds = [Math.min(bounds[0], lng), Math.min(bounds[1], lat), Math.max(bounds[2], lng), Math.max(bounds[3], lat)];
		}
	}
	return bounds;
}

const isKind =
	<P extends MapFeature['properties']>(kind: P['kind']) =>
	(feature: MapFeature): feature is MapFeature<P> =>
		feature.properties.kind === kind;

export const isGrid = isKind<GridProperties>('grid');
export const isMicroGrid = isKind<MicroGridProperties>('microGrid');
export const isBuilding = isKind<BuildingProperties>('building');

export function findFeature(collection: MapCollection | null, selection: Selection | null): MapFeature | null {
	if (!collection || !selection) return null;
	return collection.features.find((f) => f.id === selection.id && f.properties.kind === selection.kind) ?? null;
}

/** Sorts labels like `2号楼` before `10号楼`. */
export const byName = (a: { properties: { name: string } }, b: { properties: { name: string } }) =>
	a.properties.name.localeCompare(b.properties.name, 'zh-CN', { numeric: true });
