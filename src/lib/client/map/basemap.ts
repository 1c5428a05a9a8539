import type { RasterSourceSpecification, StyleSpecification } from 'maplibre-gl';

/** The background when no basemap is configured: neutral, so boundaries and labels stand out. */
export const neutralBackground = '#f4f2ee';

const osmSource: RasterSourceSpecification = {
	type: 'raster',
	tiles: ['https://tile.openstreetmap.org/{z}/{x}/{y}.png'],
	tileSize: 256,
	maxzoom: 19,
	attribution: '© <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>'
};

/** Tianditu WMTS in Web Mercator (`_w`): `img` imagery, `cia` its annotation (place names). */
function tiandituSource(layer: 'img' | 'cia', key: string): RasterSourceSpecification {
	const query =
		`SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=${layer}&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles` +
		`&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=${encodeURIComponent(key)}`;
	return {
		type: 'raster',
		tiles: [0, 1, 2, 3, 4, 5, 6, 7].map((n) => `https://t${n}.tianditu.gov.cn/${layer}_w/wmts?${query}`),
		tileSize: 256,
		maxzoom: 18,
		attribution: '© <a href="https://www.tianditu.gov.cn/">天地图</a>'
	};
}

function style(sources: StyleSpecification['sources'], rasterIds: string[]): StyleSpecification {
	// No `glyphs`: MapLibre then draws label text with the browser's own fonts, Chinese included,
	// so the map needs no font server.
	return {
		version: 8,
		sources,
		layers: [
			{ id: 'background', type: 'background', paint: { 'background-color': neutralBackground } },
			...rasterIds.map((id) => ({ id, type: 'raster' as const, source: id }))
		]
	};
}

/**
 * The base style from `PUBLIC_BASEMAP`: unset/empty → a neutral background (works offline);
 * `osm` → OpenStreetMap tiles; `tianditu` (with `PUBLIC_TIANDITU_KEY`) → Tianditu imagery with
 * labels; any http(s) URL → that MapLibre style. Anything else falls back to the background.
 */
export function basemapStyle(basemap: string | undefined, tiandituKey: string | undefined): StyleSpecification | string {
	const value = basemap?.trim() ?? '';
	if (value === 'osm') return style({ osm: osmSource }, ['osm']);
	if (value === 'tianditu' && tiandituKey?.trim()) {
		const key = tiandituKey.trim();
		return style({ 'tianditu-img': tiandituSource('img', key), 'tianditu-cia': tiandituSource('cia', key) }, [
			'tianditu-img',
			'tianditu-cia'
		]);
	}
	if (/^https?:\/\//i.test(value)) return value;
	return style({}, []);
}

