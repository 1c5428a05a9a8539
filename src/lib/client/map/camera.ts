import type { Map as MapLibreMap, PaddingOptions } from 'maplibre-gl';
import { featureBounds } from './map-features';
import type { MapFeature } from './map-types';

/** Room around a feature, leaving the details panel (right on desktop, bottom on a phone) clear. */
export function panelPadding(map: MapLibreMap): PaddingOptions {
	const { clientWidth: width, clientHeight: height } = map.getContainer();
	const phone = width < 640;
	const base = Math.min(48, Math.round(Math.min(width, height) / 8));
	return phone
		? { top: base + 56, left: base, right: base, bottom: Math.round(height * 0.5) }
		: { top: base + 56, left: base, right: Math.min(360, Math.round(width / 2)) + base, bottom: base };
}

export function fitFeatures(map: MapLibreMap, features: readonly MapFeature[], animate: boolean, padding?: PaddingOptions): void {
	const bounds = featureBounds(features);
	if (!bounds) return;
	const { clientWidth: width, clientHeight: height } = map.getContainer();
	const base = Math.min(40, Math.round(Math.min(width, height) / 10));
	map.fitBounds(bounds, { padding: padding ?? base, maxZoom: 18.5, animate, duration: animate ? 700 : 0 });
}
