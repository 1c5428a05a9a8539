import { describe, expect, it } from 'vitest';
import { sameOriginPath } from './redirect-target';

const origin = 'https://grid.example';

describe('sameOriginPath', () => {
	it('keeps paths of this site with their query and hash', () => {
		expect(sameOriginPath('/tasks?community=c1#top', origin)).toBe('/tasks?community=c1#top');
		expect(sameOriginPath('/people/x', origin)).toBe('/people/x');
	});

	it('sends anything that would leave the site home', () => {
		for (const raw of [
			'/\\evil.example',
			'/\t/evil.example',
			'/\n/evil.example',
			'//evil.example',
			'/.//evil.example',
			'https://evil.example/',
			'javascript:alert(1)',
			'\\\\evil.example',
			'',
			null
		]) {
			expect(sameOriginPath(raw, origin), JSON.stringify(raw)).toBe('/');
		}
	});
});
