/**
 * Matters on the community map: one GeoJSON source of pins (a few hundred at most, so it is
 * simply set again when the pins change), drawn as map pins whose tip touches the matter's
 * point, so a building's label stays readable under the pin. Colour by tone, a ring for urgent
 * ones. Filters, selection and visibility change the layers, never the data.
 */
import type { ExpressionSpecification, GeoJSONSource, LayerSpecification, Map as MapLibreMap } from 'maplibre-gl';
import type { PinToneGroup } from '$lib/domain/matter-pins';
import type { MatterTone } from '$lib/domain/matter-stage';
import type { MatterPinCollection } from './matter-features';

export const matterSourceId = 'matters';
/** The layers a tap picks pins from. */
export const matterPinLayers = ['matter-pin-selected', 'matter-pin'] as const;

/** The colour of each tone, on the map and in its legend. */
export const matterToneColours: Readonly<Record<MatterTone, string>> = {
	open: '#2563eb', // blue
	'due-soon': '#f59e0b', // amber
	overdue: '#dc2626', // red
	resolved: '#16a34a', // green
	closed: '#a8a29e' // grey
};

/** The pin's outline in a 28 × 34 box, tip at the bottom middle; the legend draws the same path. */
export const pinGlyph = {
	width: 28,
	height: 34,
	body: 'M14 33 C14 33 5.5 22.5 5.5 13 A8.5 8.5 0 0 1 22.5 13 C22.5 22.5 14 33 14 33 Z',
	head: { x: 14, y: 13 },
	dot: 3.2,
	ring: 12
} as const;

const imageName = (tone: MatterTone, urgent: boolean) => `matter-pin-${tone}${urgent ? '-urgent' : ''}`;
const pixelRatio = 2;

function drawPin(colour: string, urgent: boolean): ImageData {
	const canvas = document.createElement('canvas');
	canvas.width = pinGlyph.width * pixelRatio;
	canvas.height = pinGlyph.height * pixelRatio;
	const g = canvas.getContext('2d')!;
	g.scale(pixelRatio, pixelRatio);
	const { head } = pinGlyph;
	if (urgent) {
		g.beginPath();
		g.arc(head.x, head.y, pinGlyph.ring, 0, 2 * Math.PI);
		g.lineWidth = 2.5;
		g.strokeStyle = colour;
		g.stroke();
	}
	const body = new Path2D(pinGlyph.body);
	g.fillStyle = colour;
	g.fill(body);
	g.lineWidth = 1.5;
	g.strokeStyle = '#ffffff';
	g.stroke(body);
	g.beginPath();
	g.arc(head.x, head.y, pinGlyph.dot, 0, 2 * Math.PI);
	g.fillStyle = '#ffffff';
	g.fill();
	return g.getImageData(0, 0, canvas.width, canvas.height);
}

const pinImage: ExpressionSpecification = ['concat', 'matter-pin-', ['get', 'tone'], ['case', ['==', ['get', 'urgent'], true], '-urgent', '']];

export type MatterPinFilter = { groups: readonly PinToneGroup[]; category: string | null };

function pinFilter({ groups, category }: MatterPinFilter): ExpressionSpecification {
	const shown: ExpressionSpecification[] = [['in', ['get', 'group'], ['literal', [...groups]]]];
	if (category) shown.push(['==', ['get', 'top'], category]);
	return ['all', ...shown];
}

const selectedFilter = (ids: readonly string[]): ExpressionSpecification => ['in', ['get', 'id'], ['literal', [...ids]]];

function matterLayers(filter: MatterPinFilter): LayerSpecification[] {
	const source = matterSourceId;
	const layout = {
		'icon-image': pinImage,
		'icon-anchor': 'bottom',
		'icon-allow-overlap': true,
		'icon-ignore-placement': true,
		'symbol-sort-key': ['get', 'rank']
	} satisfies Extract<LayerSpecification, { type: 'symbol' }>['layout'];
	return [
		{ id: 'matter-pin', type: 'symbol', source, filter: pinFilter(filter), layout: { ...layout, 'icon-size': ['interpolate', ['linear'], ['zoom'], 13, 0.75, 17, 1] } },
		// The tapped pins again, larger, above the rest.
		{ id: 'matter-pin-selected', type: 'symbol', source, filter: selectedFilter([]), layout: { ...layout, 'icon-size': 1.35 } }
	];
}

/** Adds the pin images, the source and the layers once, above everything drawn so far. */
export function addMatterLayers(map: MapLibreMap, filter: MatterPinFilter): void {
	if (map.getSource(matterSourceId)) return;
	for (const [tone, colour] of Object.entries(matterToneColours) as [MatterTone, string][]) {
		for (const urgent of [false, true]) if (!map.hasImage(imageName(tone, urgent))) map.addImage(imageName(tone, urgent), drawPin(colour, urgent), { pixelRatio });
	}
	map.addSource(matterSourceId, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
	for (const layer of matterLayers(filter)) map.addLayer(layer);
}

export function setMatterPins(map: MapLibreMap, collection: MatterPinCollection): void {
	(map.getSource(matterSourceId) as GeoJSONSource | undefined)?.setData(collection as GeoJSON.FeatureCollection);
}

export function setMatterFilter(map: MapLibreMap, filter: MatterPinFilter): void {
	if (map.getLayer('matter-pin')) map.setFilter('matter-pin', pinFilter(filter));
}

export function setMatterSelected(map: MapLibreMap, ids: readonly string[]): void {
	if (map.getLayer('matter-pin-selected')) map.setFilter('matter-pin-selected', selectedFilter(ids));
}

export function setMattersVisible(map: MapLibreMap, visible: boolean): void {
	for (const id of matterPinLayers) if (map.getLayer(id)) map.setLayoutProperty(id, 'visibility', visible ? 'visible' : 'none');
}
