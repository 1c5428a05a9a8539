import type { ExpressionSpecification, GeoJSONSource, LayerSpecification, Map as MapLibreMap } from 'maplibre-gl';

/** The suggested groups as their own layer, above today's micro-grids and buildings. */
export const suggestionSourceId = 'micro-grid-suggestion';
export const suggestionPalette = ['#0ea5e9', '#f97316', '#22c55e', '#a855f7', '#ef4444', '#eab308', '#14b8a6', '#ec4899'];

export const suggestionColor = (index: number) => suggestionPalette[index % suggestionPalette.length];

const colour = [
	'match',
	['%', ['to-number', ['get', 'index'], 0], suggestionPalette.length],
	...suggestionPalette.flatMap((c, i) => [i, c]),
	suggestionPalette[0]
] as unknown as ExpressionSpecification;
const part = (name: string) => ['==', ['get', 'part'], name] as ExpressionSpecification;

const layers: LayerSpecification[] = [
	{ id: 'suggestion-fill', type: 'fill', source: suggestionSourceId, filter: part('group'), paint: { 'fill-color': colour, 'fill-opacity': 0.12 } },
	{ id: 'suggestion-line', type: 'line', source: suggestionSourceId, filter: part('group'), paint: { 'line-color': colour, 'line-width': 2.5, 'line-dasharray': [2, 1] } },
	{
		id: 'suggestion-building',
		type: 'fill',
		source: suggestionSourceId,
		filter: part('building'),
		paint: { 'fill-color': colour, 'fill-opacity': ['case', ['boolean', ['get', 'picked'], false], 0.95, 0.55] }
	},
	{
		id: 'suggestion-picked',
		type: 'line',
		source: suggestionSourceId,
		filter: ['all', part('building'), ['boolean', ['get', 'picked'], false]] as ExpressionSpecification,
		paint: { 'line-color': '#111827', 'line-width': 3 }
	},
	{
		id: 'suggestion-label',
		type: 'symbol',
		source: suggestionSourceId,
		filter: part('label'),
		layout: { 'text-field': ['get', 'label'], 'text-size': 13, 'text-allow-overlap': true },
		paint: { 'text-color': '#111827', 'text-halo-color': '#ffffff', 'text-halo-width': 2 }
	}
];

export function showSuggestion(map: MapLibreMap, data: GeoJSON.FeatureCollection): void {
	const source = map.getSource(suggestionSourceId) as GeoJSONSource | undefined;
	if (source) return void source.setData(data);
	map.addSource(suggestionSourceId, { type: 'geojson', data });
	for (const layer of layers) map.addLayer(layer);
}

export function hideSuggestion(map: MapLibreMap): void {
	for (const layer of layers) if (map.getLayer(layer.id)) map.removeLayer(layer.id);
	if (map.getSource(suggestionSourceId)) map.removeSource(suggestionSourceId);
}
