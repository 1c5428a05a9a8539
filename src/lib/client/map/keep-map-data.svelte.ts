import type { Map as MapLibreMap } from 'maplibre-gl';
import { untrack } from 'svelte';
import type * as Y from 'yjs';
import type { MapData } from './map-data.svelte';
import { exposeMapTestHook } from './test-hook';

/**
 * What every map of the community does with its data, for a component to call while it
 * initialises: fetch it, refetch when the live document says the structure changed (no
 * polling, no reload), and expose the map and its loads through the test hook.
 */
export function keepMapData(mapData: () => MapData, doc: () => Y.Doc | null | undefined, map: () => MapLibreMap | null): void {
	$effect(() => {
		const current = mapData();
		// Untracked: the fetch reads the data's state, and must not restart this effect.
		untrack(() => void current.refresh());
		return () => current.destroy();
	});
	$effect(() => {
		const live = doc();
		if (!live) return;
		const current = mapData();
		return untrack(() => current.follow(live));
	});
	$effect(() =>
		exposeMapTestHook({
			get map() {
				return map();
			},
			get structureVersion() {
				return mapData().version;
			},
			get loads() {
				return mapData().loads;
			}
		})
	);
}
