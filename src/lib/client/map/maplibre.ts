/**
 * MapLibre is big (≈300 KB gz + its worker), so only pages with a map load it, on demand.
 * maplibre-gl 6 is ESM with named exports only (use the namespace, not `.default`), and after
 * bundling its worker must be pointed at explicitly (Vite does not find it on its own).
 */
export type MapLibre = typeof import('maplibre-gl');

let loading: Promise<MapLibre> | null = null;

export function loadMapLibre(): Promise<MapLibre> {
	loading ??= (async () => {
		const [maplibre, worker] = await Promise.all([
			import('maplibre-gl'),
			import('maplibre-gl/dist/maplibre-gl-worker.mjs?url')
		]);
		maplibre.setWorkerUrl(worker.default);
		return maplibre;
	})();
	// A failed download (offline) may be retried: forget the rejected promise.
	loading.catch(() => (loading = null));
	return loading;
}
