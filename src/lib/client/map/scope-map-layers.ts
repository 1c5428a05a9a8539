import type { ExpressionSpecification, FilterSpecification, LayerSpecification, Map as MapLibreMap } from 'maplibre-gl';
import { structureSourceId } from '$lib/client/map/structure-layers';

/** Feature state of a building in the scope being picked. */
export const pickedKey = 'picked';

const picked: ExpressionSpecification = ['boolean', ['feature-state', pickedKey], false];
const isBuilding: ExpressionSpecification = ['==', ['get', 'kind'], 'building'];

/** Buildings the dispatcher may not choose: greyed over, so the map shows why a tap does nothing. */
export function lockedFilter(offered: Iterable<string>): FilterSpecification {
	return ['all', isBuilding, ['!', ['in', ['get', 'id'], ['literal', [...offered]]]]];
}

/** Drawn over the structure's building layers (below the labels) on the same source. */
function pickLayers(offered: Iterable<string>): LayerSpecification[] {
	const source = structureSourceId;
	return [
		{ id: 'scope-locked-fill', type: 'fill', source, filter: lockedFilter(offered), paint: { 'fill-color': '#d6d3d1', 'fill-opacity': 0.75 } },
		{ id: 'scope-picked-fill', type: 'fill', source, filter: isBuilding, paint: { 'fill-color': '#b91c1c', 'fill-opacity': ['case', picked, 0.6, 0] } },
		{ id: 'scope-picked-line', type: 'line', source, filter: isBuilding, paint: { 'line-color': '#7f1d1d', 'line-width': ['case', picked, 2.5, 0] } }
	];
}

export function addPickLayers(map: MapLibreMap, offered: Iterable<string>): void {
	const before = map.getLayer('building-label') ? 'building-label' : undefined;
	for (const layer of pickLayers(offered)) if (!map.getLayer(layer.id)) map.addLayer(layer, before);
}

export function setOffered(map: MapLibreMap, offered: Iterable<string>): void {
	if (map.getLayer('scope-locked-fill')) map.setFilter('scope-locked-fill', lockedFilter(offered));
}

/**
 * Keeps feature state `picked` in step with the scope: only buildings that joined or left are
 * touched. Returns the set now shown, to pass back in next time.
 */
export function showPicked(map: MapLibreMap, scope: readonly string[], shown: ReadonlySet<string>): Set<string> {
	const next = new Set(scope);
	for (const id of shown) if (!next.has(id)) map.setFeatureState({ source: structureSourceId, id }, { [pickedKey]: false });
	for (const id of next) if (!shown.has(id)) map.setFeatureState({ source: structureSourceId, id }, { [pickedKey]: true });
	return next;
}
