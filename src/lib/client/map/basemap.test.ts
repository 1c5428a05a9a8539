import { describe, expect, it } from 'vitest';
import type { RasterSourceSpecification, StyleSpecification } from 'maplibre-gl';
import { basemapStyle, neutralBackground } from './basemap';

const asStyle = (style: StyleSpecification | string) => {
	expect(typeof style).toBe('object');
	return style as StyleSpecification;
};

describe('basemapStyle', () => {
	it('is a neutral background with no glyphs when nothing is configured', () => {
		for (const value of [undefined, '', '  ', 'none', 'something-else']) {
			const style = asStyle(basemapStyle(value, undefined));
			expect(style.layers).toEqual([{ id: 'background', type: 'background', paint: { 'background-color': neutralBackground } }]);
			expect(style.sources).toEqual({});
			expect(style).not.toHaveProperty('glyphs');
		}
	});

	it('adds OpenStreetMap raster tiles for osm', () => {
		const style = asStyle(basemapStyle('osm', undefined));
		expect(style.layers.map((l) => l.id)).toEqual(['background', 'osm']);
		expect((style.sources.osm as RasterSourceSpecification).tiles).toEqual(['https://tile.openstreetmap.org/{z}/{x}/{y}.png']);
		expect(style).not.toHaveProperty('glyphs');
	});

	it('adds Tianditu imagery and its labels with the key', () => {
		const style = asStyle(basemapStyle('tianditu', 'abc123'));
		expect(style.layers.map((l) => l.id)).toEqual(['background', 'tianditu-img', 'tianditu-cia']);
		const imagery = (style.sources['tianditu-img'] as RasterSourceSpecification).tiles!;
		const labels = (style.sources['tianditu-cia'] as RasterSourceSpecification).tiles!;
		expect(imagery).toHaveLength(8);
		expect(imagery[0]).toMatch(/^https:\/\/t0\.tianditu\.gov\.cn\/img_w\/wmts\?.*LAYER=img.*TILEMATRIXSET=w.*tk=abc123$/);
		expect(labels[7]).toMatch(/^https:\/\/t7\.tianditu\.gov\.cn\/cia_w\/wmts\?.*LAYER=cia.*\{z\}.*\{y\}.*\{x\}.*tk=abc123$/);
	});

	it('falls back to the background for tianditu without a key', () => {
		expect(asStyle(basemapStyle('tianditu', '')).layers).toHaveLength(1);
		expect(asStyle(basemapStyle('tianditu', undefined)).layers).toHaveLength(1);
	});

	it('uses any http(s) value as a style URL', () => {
		expect(basemapStyle('https://example.org/style.json', undefined)).toBe('https://example.org/style.json');
		expect(basemapStyle(' http://tiles.local/style.json ', undefined)).toBe('http://tiles.local/style.json');
	});
});
