import * as m from '../../paraglide/messages';
import { refusal } from '../refusal';

/** More footprints than a community has; a bigger file is a city export, not an import. */
export const maxImportFeatures = 2_000;

export type RawFeature = { index: number; geometry: unknown; properties: Record<string, unknown> };

function whatItIs(value: unknown): string {
	if (Array.isArray(value)) return m.geojson_kind_array();
	if (typeof value === 'string') return m.geojson_kind_text();
	if (value === null || typeof value !== 'object') return m.geojson_kind_value({ type: value === null ? 'null' : typeof value });
	const type = (value as { type?: unknown }).type;
	return typeof type === 'string' ? m.geojson_kind_typed({ type }) : m.geojson_kind_untyped();
}

function parseJson(bytes: Uint8Array): unknown {
	if (bytes[0] === 0x50 && bytes[1] === 0x4b) {
		throw refusal(400, 'error_geojson_zip');
	}
	let text: string;
	try {
		text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
	} catch {
		throw refusal(400, 'error_geojson_not_utf8');
	}
	try {
		return JSON.parse(text);
	} catch {
		throw refusal(400, 'error_geojson_not_json');
	}
}

/**
 * The features of an uploaded GeoJSON FeatureCollection that carry a Polygon or MultiPolygon
 * (checked later, one by one), and how many others were skipped (points, lines, no geometry).
 */
export function readFeatureCollection(bytes: Uint8Array): { features: RawFeature[]; skipped: number } {
	const data = parseJson(bytes);
	const kind = (data as { type?: unknown } | null)?.type;
	const list = (data as { features?: unknown } | null)?.features;
	if (kind !== 'FeatureCollection' || !Array.isArray(list)) {
		throw refusal(400, 'error_geojson_not_collection', { what: whatItIs(data) });
	}
	if (list.length > maxImportFeatures) {
		throw refusal(400, 'error_geojson_too_many_features', { count: list.length, max: maxImportFeatures });
	}
	const features: RawFeature[] = [];
	let skipped = 0;
	list.forEach((feature: unknown, index) => {
		const geometry = (feature as { geometry?: unknown } | null)?.geometry;
		const type = (geometry as { type?: unknown } | null)?.type;
		if ((feature as { type?: unknown } | null)?.type !== 'Feature' || (type !== 'Polygon' && type !== 'MultiPolygon')) {
			skipped++;
			return;
		}
		const properties = (feature as { properties?: unknown }).properties;
		features.push({ index, geometry, properties: properties && typeof properties === 'object' ? (properties as Record<string, unknown>) : {} });
	});
	return { features, skipped };
}
