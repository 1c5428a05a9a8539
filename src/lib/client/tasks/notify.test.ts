import { describe, expect, it } from 'vitest';
import { titleWithCount } from './notify';

describe('titleWithCount', () => {
	it('puts the count in front, once', () => {
		expect(titleWithCount('网格通', 2)).toBe('(2) 网格通');
		expect(titleWithCount('(2) 网格通', 3)).toBe('(3) 网格通');
		expect(titleWithCount('(3) 地图 · 网格通', 0)).toBe('地图 · 网格通');
		expect(titleWithCount('网格通', 0)).toBe('网格通');
	});
});
