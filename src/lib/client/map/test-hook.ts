import type { Map as MapLibreMap } from 'maplibre-gl';

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
};

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
