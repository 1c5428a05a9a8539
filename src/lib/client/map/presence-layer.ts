/**
 * Where each liaison last recorded progress, drawn at that building (never a GPS position):
 * a dot and the names with the time. A few dozen points at most, so its small source is
 * simply set again when someone records somewhere new.
 */
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
import type { LastRecorded } from '$lib/client/map/task-progress';
import { featureBounds } from '$lib/client/map/map-features';
import type { MapCollection } from '$lib/client/map/map-types';

export const presenceSourceId = 'task-presence';
const presenceColour = '#1d4ed8';

type PresencePoint = GeoJSON.Feature<GeoJSON.Point, { buildingId: string; text: string }>;

export function addPresenceLayers(map: MapLibreMap): void {
	if (map.getSource(presenceSourceId)) return;
	map.addSource(presenceSourceId, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
	map.addLayer({
		id: 'task-presence-dot',
		type: 'circle',
		source: presenceSourceId,
		paint: { 'circle-radius': 5, 'circle-color': presenceColour, 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 2 }
	});
	map.addLayer({
		id: 'task-presence-label',
		type: 'symbol',
		source: presenceSourceId,
		// Above the building's top edge, so the building's own label stays readable; never
		// hides other labels, and is never hidden by them.
		layout: {
			'text-field': ['get', 'text'],
			'text-size': 12,
			'text-anchor': 'bottom',
			'text-offset': [0, -0.6],
			'text-allow-overlap': true,
			'text-ignore-placement': true
		},
		paint: { 'text-color': presenceColour, 'text-halo-color': '#ffffff', 'text-halo-width': 2 }
	});
}

/** One point per building, at the middle of its top edge, naming everyone whose latest mark is there (newest first). */
export function presencePoints(
	places: readonly LastRecorded[],
	collection: MapCollection | null,
	label: (place: LastRecorded) => string | null
): PresencePoint[] {
	if (!collection) return [];
	const byBuilding = new Map<string, string[]>();
	for (const place of places) {
		const text = label(place);
		if (!text) continue;
		byBuilding.set(place.buildingId, [...(byBuilding.get(place.buildingId) ?? []), text]);
	}
	const points: PresencePoint[] = [];
	for (const [buildingId, texts] of byBuilding) {
		const feature = collection.features.find((f) => f.id === buildingId && f.properties.kind === 'building');
		const bounds = feature && featureBounds([feature]);
		if (!bounds) continue;
		const topMiddle = [(bounds[0] + bounds[2]) / 2, bounds[3]];
		points.push({ type: 'Feature', geometry: { type: 'Point', coordinates: topMiddle }, properties: { buildingId, text: texts.join('\n') } });
	}
	return points;
}

export function setPresencePoints(map: MapLibreMap, points: PresencePoint[]): void {
	const source = map.getSource(presenceSourceId) as GeoJSONSource | undefined;
	source?.setData({ type: 'FeatureCollection', features: points });
}
