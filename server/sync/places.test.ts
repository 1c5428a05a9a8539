import { describe, expect, it, vi } from 'vitest';
import type { BuildingPlace } from '../../src/lib/domain/live-rules';
import { PlacesCache } from './places';

const at = (microGridId: string) => new Map<string, BuildingPlace>([['b1', { gridId: 'g1', microGridId }]]);

describe('PlacesCache', () => {
	it('answers from what it was given until a reload reads anew', async () => {
		const load = vi.fn(async () => at('m2'));
		const cache = new PlacesCache('c1', at('m1'), load);
		expect(cache.get('b1')?.microGridId).toBe('m1');
		expect(await cache.reload()).toBe(true);
		expect(load).toHaveBeenCalledWith('c1');
		expect(cache.get('b1')?.microGridId).toBe('m2');
		expect(cache.get('nowhere')).toBeUndefined();
	});

	it('keeps the places it has when a reload fails', async () => {
		const error = vi.spyOn(console, 'error').mockImplementation(() => {});
		const cache = new PlacesCache('c1', at('m1'), async () => Promise.reject(new Error('database down')));
		expect(await cache.reload()).toBe(false);
		expect(cache.get('b1')?.microGridId).toBe('m1');
		expect(error).toHaveBeenCalled();
		error.mockRestore();
	});

	it('never lets a slow earlier reload overwrite what a later one read', async () => {
		let finishFirst: (places: Map<string, BuildingPlace>) => void = () => {};
		const answers = [new Promise<Map<string, BuildingPlace>>((resolve) => (finishFirst = resolve)), Promise.resolve(at('m3'))];
		const cache = new PlacesCache('c1', at('m1'), () => answers.shift()!);
		const first = cache.reload();
		await cache.reload();
		finishFirst(at('m2'));
		await first;
		expect(cache.get('b1')?.microGridId).toBe('m3');
	});
});
