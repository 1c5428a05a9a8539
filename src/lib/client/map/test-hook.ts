import type { Map as MapLibreMap } from 'maplibre-gl';
import type { MatterPinProperties } from './matter-features';

/**
 * The map's test hook: `window.gridDispatchMap` while /map is open, so end-to-end tests and a
 * developer's console can reach the MapLibre map (project a building to a pixel, query the
 * rendered labels), the structure version the shown data answers to, and how many times new
 * data was applied. It holds nothing the user could not already see.
 */
export type MapTestHook = {
	readonly map: MapLibreMap | null;
	readonly structureVersion: number | null;
	readonly loads: number;
	/** The matters layer, on the community map once its map is there. */
	readonly matters?: MatterPinsHook;
};

/** How many times changed pins arrived and were set on the map, and each pin as drawn now. */
export type MatterPinsHook = { readonly loads: number; readonly sets: number; readonly pins: MatterPinProperties[] };

declare global {
	interface Window {
		gridDispatchMap?: MapTestHook;
	}
}

/** Exposes the hook (its fields read live through getters); returns the function that removes it. */
export function exposeMapTestHook(hook: MapTestHook): () => void {
	window.gridDispatchMap = hook;
	return () => {
		if (window.gridDispatchMap === hook) delete window.gridDispatchMap;
	};
}

/** Adds the matters layer's part to the hook the map page exposed; returns the function that removes it. */
export function exposeMatterPinsHook(hook: MatterPinsHook): () => void {
	const target = window.gridDispatchMap as { matters?: MatterPinsHook } | undefined;
	if (!target) return () => {};
	target.matters = hook;
	return () => {
		if (target.matters === hook) delete target.matters;
	};
}
