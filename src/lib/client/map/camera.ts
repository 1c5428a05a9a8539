import type { Map as MapLibreMap } from 'maplibre-gl';
import { featureBounds } from './map-features';
import type { MapFeature } from './map-types';

/** Pixels to keep clear on each side (MapLibre's Padding with every side given). */
export type Padding = { top: number; right: number; bottom: number; left: number };

/** What the map page lays over the map, measured in pixels, so fitted features stay clear of it. */
export type Overlays = {
	/** Height of the controls along the top (search, layers, editing tools). */
	top: number;
	/** Width of the legend on the left (desktop only). */
	left: number;
	/** The details panel: width of the side panel, height of the bottom sheet; null when closed. */
	panel: { width: number; height: number } | null;
};

const isPhone = (width: number) => width < 640;

/** Room around the whole community: clear of the top controls and the legend. */
export function overviewPadding(map: MapLibreMap, overlays: Overlays): Padding {
	const { clientWidth: width, clientHeight: height } = map.getContainer();
	const base = Math.min(32, Math.round(Math.min(width, height) / 12));
	const left = isPhone(width) ? base : overlays.left + base;
	return { top: overlays.top + base, left, right: base, bottom: base };
}

/**
 * Room around one feature: also clear of the details panel (right on desktop, bottom sheet on a
 * phone). `margin` is the extra room beyond the overlays; by default a comfortable one.
 */
export function panelPadding(map: MapLibreMap, overlays: Overlays, margin?: number): Padding {
	const { clientWidth: width, clientHeight: height } = map.getContainer();
	const base = margin ?? Math.min(48, Math.round(Math.min(width, height) / 8));
	return isPhone(width)
		? { top: overlays.top + base, left: base, right: base, bottom: Math.round(overlays.panel?.height ?? height * 0.5) + base }
		: { top: overlays.top + base, left: overlays.left + base, right: (overlays.panel?.width ?? 320) + 12 + base, bottom: base };
}

/** Padding shrunk in proportion where it would leave less than a third of the map free (fitBounds would give up). */
function fitting(padding: Padding, width: number, height: number): Padding {
	const across = Math.min(1, (width * 0.67) / Math.max(1, padding.left + padding.right));
	const down = Math.min(1, (height * 0.67) / Math.max(1, padding.top + padding.bottom));
	return { top: padding.top * down, bottom: padding.bottom * down, left: padding.left * across, right: padding.right * across };
}

export function fitFeatures(map: MapLibreMap, features: readonly MapFeature[], animate: boolean, padding: Padding): void {
	const bounds = featureBounds(features);
	if (!bounds) return;
	const { clientWidth: width, clientHeight: height } = map.getContainer();
	map.fitBounds(bounds, { padding: fitting(padding, width, height), maxZoom: 18.5, animate, duration: animate ? 700 : 0 });
}

/** Pans a feature into the free part of the map when it lies (partly) under the panel or controls. */
export function revealFeature(map: MapLibreMap, feature: MapFeature, padding: Padding): void {
	const bounds = featureBounds([feature]);
	if (bounds) revealBounds(map, bounds, padding);
}

/** Pans a point (a tapped pin) into the free part of the map; `above` is room for what is drawn over it. */
export function revealPoint(map: MapLibreMap, point: [number, number], padding: Padding, above = 0): void {
	revealBounds(map, [...point, ...point], { ...padding, top: padding.top + above });
}

function revealBounds(map: MapLibreMap, bounds: [number, number, number, number], padding: Padding): void {
	const { clientWidth: width, clientHeight: height } = map.getContainer();
	const southWest = map.project([bounds[0], bounds[1]]);
	const northEast = map.project([bounds[2], bounds[3]]);
	const inside =
		southWest.x >= padding.left &&
		northEast.x <= width - padding.right &&
		northEast.y >= padding.top &&
		southWest.y <= height - padding.bottom;
	if (inside) return;
	// panBy rather than easeTo({ padding }): a camera padding would stay on the map afterwards.
	const free = { x: (padding.left + width - padding.right) / 2, y: (padding.top + height - padding.bottom) / 2 };
	const middle = { x: (southWest.x + northEast.x) / 2, y: (southWest.y + northEast.y) / 2 };
	map.panBy([middle.x - free.x, middle.y - free.y], { duration: 400 });
}
