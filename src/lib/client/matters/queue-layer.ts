/**
 * The 会商 queue on the community map: one dot per card that has a place, red when urgent,
 * amber when returned, grey while it waits for a check; the selected card's dot larger and
 * ringed. A few dozen points, so the small source is simply set again on each change.
 */
import type { GeoJSONSource, Map as MapLibreMap, MapMouseEvent } from 'maplibre-gl';
import type { QueueCard } from '$lib/domain/consultation-queue';

export const queueSourceId = 'consultation-queue';
const dotLayer = 'consultation-queue-dot';

type QueuePoint = GeoJSON.Feature<GeoJSON.Point, { id: string; tone: 'urgent' | 'returned' | 'unverified' | 'waiting'; selected: boolean }>;

export function addQueueLayer(map: MapLibreMap, onpick: (matterId: string) => void): () => void {
	if (!map.getSource(queueSourceId)) {
		map.addSource(queueSourceId, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
		map.addLayer({
			id: dotLayer,
			type: 'circle',
			source: queueSourceId,
			paint: {
				'circle-radius': ['case', ['get', 'selected'], 11, 7],
				'circle-color': ['match', ['get', 'tone'], 'urgent', '#dc2626', 'returned', '#d97706', 'unverified', '#78716c', '#2563eb'],
				'circle-stroke-color': ['case', ['get', 'selected'], '#111827', '#ffffff'],
				'circle-stroke-width': ['case', ['get', 'selected'], 3, 2]
			}
		});
	}
	const click = (event: MapMouseEvent & { features?: { properties: Record<string, unknown> }[] }) => {
		const id = event.features?.[0]?.properties.id;
		if (typeof id === 'string') onpick(id);
	};
	const pointer = () => (map.getCanvas().style.cursor = 'pointer');
	const plain = () => (map.getCanvas().style.cursor = '');
	map.on('click', dotLayer, click);
	map.on('mouseenter', dotLayer, pointer);
	map.on('mouseleave', dotLayer, plain);
	return () => {
		map.off('click', dotLayer, click);
		map.off('mouseenter', dotLayer, pointer);
		map.off('mouseleave', dotLayer, plain);
	};
}

function toneOf(card: QueueCard): QueuePoint['properties']['tone'] {
	if (card.matter.status === 'unverified') return 'unverified';
	if (card.matter.urgent) return 'urgent';
	return card.matter.returned ? 'returned' : 'waiting';
}

/** The selected card's dot comes last, so it is drawn on top. */
export function queuePoints(cards: readonly QueueCard[], selectedId: string | null): QueuePoint[] {
	return cards
		.filter((card) => card.point)
		.map((card): QueuePoint => ({
			type: 'Feature',
			geometry: { type: 'Point', coordinates: card.point! },
			properties: { id: card.matter.id, tone: toneOf(card), selected: card.matter.id === selectedId }
		}))
		.sort((a, b) => Number(a.properties.selected) - Number(b.properties.selected));
}

export function setQueuePoints(map: MapLibreMap, points: QueuePoint[]): void {
	(map.getSource(queueSourceId) as GeoJSONSource | undefined)?.setData({ type: 'FeatureCollection', features: points });
}
