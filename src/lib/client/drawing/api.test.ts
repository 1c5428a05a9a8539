import { describe, expect, it } from 'vitest';
import { structureUrl } from './api';

describe('structureUrl', () => {
	it('names the collection of each kind', () => {
		expect(structureUrl('c1', 'microGrid')).toBe('/api/communities/c1/micro-grids');
		expect(structureUrl('c1', 'building', 'b 2')).toBe('/api/communities/c1/buildings/b%202');
	});
});
