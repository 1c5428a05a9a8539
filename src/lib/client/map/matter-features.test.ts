import { describe, expect, it } from 'vitest';
import type { MatterPin } from '$lib/domain/matter-pins';
import { matterFeatures } from './matter-features';

const hour = 3_600_000;
const now = 1_800_000_000_000;
const building: [number, number] = [119.4, 32.36];
const pin = (id: string, extra: Partial<MatterPin> = {}): MatterPin => ({ id, status: 'reported', urgent: false, category: 'lamp', dueAt: null, point: building, ...extra });
const top = (category: string) => (category === 'lamp' ? 'facilities' : category);

describe('matter features', () => {
	it('each pin carries its colour as of now, its filter group and top category', () => {
		const { features } = matterFeatures(
			[
				pin('a'),
				pin('b', { status: 'routed', dueAt: now + 2 * hour, point: [119.41, 32.37] }),
				pin('c', { status: 'accepted', dueAt: now - hour, urgent: true, point: [119.42, 32.37] }),
				pin('d', { status: 'merged', point: [119.43, 32.37] })
			],
			now,
			top
		);
		expect(features.map((f) => [f.id, f.properties.tone, f.properties.group, f.properties.top])).toEqual([
			['a', 'open', 'open', 'facilities'],
			['b', 'due-soon', 'open', 'facilities'],
			['c', 'overdue', 'overdue', 'facilities'],
			['d', 'closed', 'closed', 'facilities']
		]);
		const rank = Object.fromEntries(features.map((f) => [f.id, f.properties.rank]));
		expect(rank.c).toBeGreaterThan(rank.b);
		expect(rank.b).toBeGreaterThan(rank.a);
		expect(rank.a).toBeGreaterThan(rank.d);
	});

	it('the colour follows the clock: the same pins later are red', () => {
		const routed = [pin('x', { status: 'routed', dueAt: now + hour })];
		expect(matterFeatures(routed, now, top).features[0].properties.tone).toBe('due-soon');
		expect(matterFeatures(routed, now + 2 * hour, top).features[0].properties.tone).toBe('overdue');
	});

	it('matters of one building are spread in a row on its point, the first on it, the same way each time', () => {
		const pins = ['q', 'p', 'r', 's'].map((id) => pin(id));
		const first = matterFeatures(pins, now, top).features;
		const again = matterFeatures([...pins].reverse(), now, top).features;
		expect(first.map((f) => f.id)).toEqual(['p', 'q', 'r', 's']);
		expect(again).toEqual(first);
		expect(first[0].geometry.coordinates).toEqual(building);
		const positions = new Set(first.map((f) => f.geometry.coordinates.join(',')));
		expect(positions.size).toBe(4);
		for (const f of first) {
			const [lng, lat] = f.geometry.coordinates;
			// On the point's line (the tips), within about 10 m of it.
			expect(Math.abs(lng - building[0]) * 94_000).toBeLessThan(10);
			expect(lat).toBe(building[1]);
		}
		const eight = matterFeatures(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map((id) => pin(id)), now, top).features;
		// The eighth starts a row above.
		expect(eight[7].geometry.coordinates[1]).toBeGreaterThan(building[1]);
	});
});
