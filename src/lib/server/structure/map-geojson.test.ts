import { describe, expect, it } from 'vitest';
import { matchesEtag, serializedMap } from './map-geojson';

const request = (ifNoneMatch?: string) => new Request('http://x/map', { headers: ifNoneMatch ? { 'if-none-match': ifNoneMatch } : {} });

describe('the map ETag', () => {
	it('is a quoted base64url SHA-256 of the body, the same for the same content', () => {
		const a = serializedMap({ type: 'FeatureCollection', features: [] });
		const b = serializedMap({ type: 'FeatureCollection', features: [] });
		expect(a.etag).toMatch(/^"[\w-]{43}"$/);
		expect(a).toEqual(b);
		expect(serializedMap({ type: 'FeatureCollection', bbox: [0, 0, 1, 1], features: [] }).etag).not.toBe(a.etag);
	});

	it('matches If-None-Match strong, weak, in a list, or *', () => {
		const { etag } = serializedMap({ type: 'FeatureCollection', features: [] });
		expect(matchesEtag(request(etag), etag)).toBe(true);
		expect(matchesEtag(request(`"old", W/${etag}`), etag)).toBe(true);
		expect(matchesEtag(request('*'), etag)).toBe(true);
		expect(matchesEtag(request('"old"'), etag)).toBe(false);
		expect(matchesEtag(request(), etag)).toBe(false);
	});
});
