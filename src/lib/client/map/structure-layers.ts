import type {
	ExpressionSpecification,
	FilterSpecification,
	GeoJSONSourceSpecification,
	LayerSpecification,
	Map as MapLibreMap
} from 'maplibre-gl';
import { buildingStateColours } from '$lib/domain/progress';
import { visitAgeColours } from '$lib/domain/visit-age';
import type { MapCollection, StructureKind } from './map-types';

export const structureSourceId = 'structure';

/** Grid colours, picked by a feature's `colorIndex` (its grid's place in the community). */
export const gridPalette = ['#2563eb', '#db2777', '#059669', '#d97706', '#7c3aed', '#0891b2', '#dc2626', '#65a30d'];

export function gridColor(colorIndex: number): string {
	return gridPalette[((colorIndex % gridPalette.length) + gridPalette.length) % gridPalette.length];
}

// Built from the palette, so TypeScript cannot see the match's pairs.
const paletteColor = [
	'match',
	['%', ['to-number', ['get', 'colorIndex'], 0], gridPalette.length],
	...gridPalette.flatMap((color, index) => [index, color]),
	gridPalette[0]
] as unknown as ExpressionSpecification;
const selected: ExpressionSpecification = ['boolean', ['feature-state', 'selected'], false];
const kindIs = (kind: StructureKind): FilterSpecification => ['==', ['get', 'kind'], kind];

/** Layers the user can switch on and off, each with the map layers it stands for. */
export const layerGroups = {
	grids: ['grid-fill', 'grid-line'],
	microGrids: ['micro-grid-fill', 'micro-grid-line'],
	buildings: ['building-fill', 'building-line'],
	labels: ['building-label']
} as const;
export type LayerGroup = keyof typeof layerGroups;

/** Layers a click or tap may pick a feature from, topmost first. */
export const clickableLayers = ['building-fill', 'micro-grid-fill', 'grid-fill'] as const;
export const labelLayer = 'building-label';

export function structureLayers(): LayerSpecification[] {
	const source = structureSourceId;
	return [
		{
			id: 'grid-fill',
			type: 'fill',
			source,
			filter: kindIs('grid'),
			paint: { 'fill-color': paletteColor, 'fill-opacity': ['case', selected, 0.14, 0.04] }
		},
		{
			id: 'micro-grid-fill',
			type: 'fill',
			source,
			filter: kindIs('microGrid'),
			paint: { 'fill-color': paletteColor, 'fill-opacity': ['case', selected, 0.28, 0.08] }
		},
		{
			id: 'micro-grid-line',
			type: 'line',
			source,
			filter: kindIs('microGrid'),
			paint: {
				'line-color': paletteColor,
				'line-width': ['case', selected, 3, 1.25],
				'line-opacity': 0.85,
				'line-dasharray': [3, 2]
			}
		},
		{
			id: 'grid-line',
			type: 'line',
			source,
			filter: kindIs('grid'),
			layout: { 'line-join': 'round' },
			paint: { 'line-color': paletteColor, 'line-width': ['case', selected, 4.5, 2.75] }
		},
		{
			id: 'building-fill',
			type: 'fill',
			source,
			filter: kindIs('building'),
			paint: { 'fill-color': ['case', selected, '#fde68a', '#ffffff'], 'fill-opacity': 0.95 }
		},
		{
			id: 'building-line',
			type: 'line',
			source,
			filter: kindIs('building'),
			paint: { 'line-color': ['case', selected, '#b45309', '#57534e'], 'line-width': ['case', selected, 2.5, 1] }
		},
		{
			id: 'building-label',
			type: 'symbol',
			source,
			filter: kindIs('building'),
			layout: {
				'text-field': ['get', 'label'],
				'text-size': ['interpolate', ['linear'], ['zoom'], 14, 10, 17, 13, 19, 16],
				'text-allow-overlap': false,
				'text-padding': 1
			},
			paint: { 'text-color': '#1c1917', 'text-halo-color': '#ffffff', 'text-halo-width': 1.5 }
		}
	];
}

const emptyCollection: MapCollection = { type: 'FeatureCollection', features: [] };

/** Adds the structure source and layers; `promoteId` keeps string ids for feature state. */
export function addStructureLayers(map: MapLibreMap, data: MapCollection = emptyCollection): void {
	const source: GeoJSONSourceSpecification = { type: 'geojson', data, promoteId: 'id' };
	map.addSource(structureSourceId, source);
	for (const layer of structureLayers()) map.addLayer(layer);
}

/** A building's task progress (feature state `progress`), '' when it is outside the task. */
const progressOf: ExpressionSpecification = ['to-string', ['feature-state', 'progress']];
const outsideTask: ExpressionSpecification = ['==', progressOf, ''];
const c = buildingStateColours;
/** Buildings outside the task: faint, so the scope stands out. */
export const outsideTaskColour = '#e7e5e4';

type PaintSet = Record<string, Record<string, unknown>>;

/**
 * The task map's building paint: coloured by progress, out-of-scope buildings dimmed. Only
 * feature state drives it, so a mark never needs new source data. The selection shows as an
 * outline, keeping its progress colour visible.
 */
export function taskModePaint(): PaintSet {
	return {
		'building-fill': {
			'fill-color': ['match', progressOf, 'untouched', c.untouched, 'partial', c.partial, 'done', c.done, 'attention', c.attention, outsideTaskColour],
			'fill-opacity': ['case', outsideTask, 0.45, 0.9]
		},
		'building-line': {
			'line-color': ['case', selected, '#1c1917', outsideTask, '#d6d3d1', '#44403c'],
			'line-width': ['case', selected, 3, outsideTask, 0.75, 1.25]
		},
		'building-label': { 'text-opacity': ['case', outsideTask, 0.45, 1] }
	};
}

function normalPaint(): PaintSet {
	const paint: PaintSet = {};
	const layers = structureLayers();
	for (const [id, properties] of Object.entries(taskModePaint())) {
		const layer = layers.find((l) => l.id === id) as { paint?: Record<string, unknown> } | undefined;
		paint[id] = Object.fromEntries(Object.keys(properties).map((key) => [key, layer?.paint?.[key] ?? null]));
	}
	return paint;
}

/** Feature state `visitAge` (days since the last visit, `visit-age.ts`); '' before it is known. */
const visitAgeOf: ExpressionSpecification = ['to-string', ['feature-state', 'visitAge']];
const v = visitAgeColours;

/** The oversight map: every building coloured by days since it was last visited. */
export function visitAgePaint(): PaintSet {
	return {
		'building-fill': {
			'fill-color': ['match', visitAgeOf, 'within7', v.within7, 'within14', v.within14, 'within30', v.within30, 'over30', v.over30, 'never', v.never, outsideTaskColour],
			'fill-opacity': 0.85
		},
		'building-line': { 'line-color': ['case', selected, '#1c1917', '#44403c'], 'line-width': ['case', selected, 3, 1] },
		'building-label': { 'text-opacity': 1 }
	};
}

/** Feature state `matters`: none, open or overdue (open matters of the building). */
const mattersOf: ExpressionSpecification = ['to-string', ['feature-state', 'matters']];

export function mattersPaint(): PaintSet {
	return {
		'building-fill': {
			'fill-color': ['match', mattersOf, 'open', '#f59e0b', 'overdue', '#dc2626', '#d6d3d1'],
			'fill-opacity': ['match', mattersOf, 'open', 0.85, 'overdue', 0.9, 0.5]
		},
		'building-line': { 'line-color': ['case', selected, '#1c1917', '#57534e'], 'line-width': ['case', selected, 3, 1] },
		'building-label': { 'text-opacity': 1 }
	};
}

export type BuildingLook = 'structure' | 'task' | 'visit-age' | 'matters';

const looks: Record<Exclude<BuildingLook, 'structure'>, () => PaintSet> = { task: taskModePaint, 'visit-age': visitAgePaint, matters: mattersPaint };

/** Switches the building layers between the structure look and a look driven by feature state. */
export function setBuildingLook(map: MapLibreMap, look: BuildingLook): void {
	for (const [id, properties] of Object.entries(look === 'structure' ? normalPaint() : looks[look]())) {
		if (!map.getLayer(id)) continue;
		// Keys and values come from our own paint tables above; TypeScript cannot see they fit.
		for (const [key, value] of Object.entries(properties)) map.setPaintProperty(id, key as 'fill-color', value as ExpressionSpecification);
	}
}

/** Switches the building layers between the structure look and the task-progress look. */
export function setTaskMode(map: MapLibreMap, on: boolean): void {
	setBuildingLook(map, on ? 'task' : 'structure');
}

export function setLayerGroupVisible(map: MapLibreMap, group: LayerGroup, visible: boolean): void {
	for (const id of layerGroups[group]) {
		if (map.getLayer(id)) map.setLayoutProperty(id, 'visibility', visible ? 'visible' : 'none');
	}
}
