import type { Map as MapLibreMap } from 'maplibre-gl';
import type { Polygon } from '$lib/domain/geojson';

/**
 * Pans (and if need be zooms out) so a shape being edited is not hidden under the edit form:
 * a bottom sheet over the lower ~58 % on a phone, a card on the left from `sm` (640 px) up.
 */
export function revealShape(map: MapLibreMap, shape: Polygon): void {
	const { clientWidth: width, clientHeight: height } = map.getContainer();
	const padding =
		width < 640
			? { top: 110, bottom: Math.round(height * 0.58) + 16, left: 24, right: 24 }
			: { top: 110, bottom: 24, left: 440, right: 24 };
	if (padding.top + padding.bottom >= height || padding.left + padding.right >= width) return;
	const ring = shape.coordinates[0];
	const inView = ring.every(([lng, lat]) => {
		const { x, y } = map.project([lng, lat]);
		return x >= padding.left && x <= width - padding.right && y >= padding.top && y <= height - padding.bottom;
	});
	if (inView) return;
	const lngs = ring.map((p) => p[0]);
	const lats = ring.map((p) => p[1]);
	map.fitBounds([Math.min(...lngs), Math.min(...lats), Math.max(...lngs), Math.max(...lats)], {
		padding,
		maxZoom: Math.max(map.getZoom(), 17),
		duration: 300
	});
}
