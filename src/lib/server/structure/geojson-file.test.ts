import { describe, expect, it } from 'vitest';
import { paraglideMiddleware } from '../../paraglide/server';
import { HttpRefusal } from '../refusal';
import { readFeatureCollection } from './geojson-file';

const bytes = (value: unknown) => new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value));
const square = { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] };

function refusal(input: Uint8Array): string {
	try {
		readFeatureCollection(input);
	} catch (caught) {
		expect(caught).toBeInstanceOf(HttpRefusal);
		expect((caught as HttpRefusal).status).toBe(400);
		return (caught as HttpRefusal).text();
	}
	throw new Error('expected a refusal');
}

describe('readFeatureCollection', () => {
	it('keeps polygonal features with their index and properties, and counts the rest as skipped', () => {
		const { features, skipped } = readFeatureCollection(
			bytes({
				type: 'FeatureCollection',
				features: [
					{ type: 'Feature', properties: { name: 'A' }, geometry: square },
					{ type: 'Feature', properties: null, geometry: { type: 'Point', coordinates: [0, 0] } },
					{ type: 'Feature', properties: null, geometry: null },
					{ type: 'Feature', properties: null, geometry: { ...square, type: 'MultiPolygon', coordinates: [square.coordinates] } },
					'not a feature'
				]
			})
		);
		expect(features.map((f) => [f.index, f.properties])).toEqual([
			[0, { name: 'A' }],
			[3, {}]
		]);
		expect(skipped).toBe(3);
	});

	it('accepts a byte-order mark', () => {
		const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...bytes({ type: 'FeatureCollection', features: [] })]);
		expect(readFeatureCollection(withBom)).toEqual({ features: [], skipped: 0 });
	});

	it.each([
		['text that is not JSON', bytes('hello'), /不是有效的 JSON/],
		['a zip or Excel file', new Uint8Array([0x50, 0x4b, 3, 4]), /Excel/],
		['bytes that are not UTF-8', new Uint8Array([0xff, 0xfe, 0x00]), /UTF-8/],
		['a single Feature', bytes({ type: 'Feature', geometry: square }), /GeoJSON Feature，需要/],
		['a bare geometry', bytes(square), /GeoJSON Polygon/],
		['an array', bytes([]), /数组/],
		['a collection without features', bytes({ type: 'FeatureCollection' }), /FeatureCollection/],
		['too many features', bytes({ type: 'FeatureCollection', features: Array(2001).fill(null) }), /2001 个要素/]
	])('refuses %s, saying what it is', (_, input, message) => {
		expect(refusal(input)).toMatch(message);
	});

	it('says what the file is in English for a request with the English locale cookie', async () => {
		const english = new Request('http://x/', { headers: { cookie: 'PARAGLIDE_LOCALE=en' } });
		const answered = await paraglideMiddleware(english, async () => new Response(refusal(bytes([]))));
		expect(await answered.text()).toBe('The file is an array; a GeoJSON FeatureCollection is needed.');
	});
});
