import { describe, expect, it } from 'vitest';
import type { QueueCard } from '$lib/domain/consultation-queue';
import type { MatterSummary } from '$lib/domain/matter-view';
import { queuePoints } from './queue-layer';

const card = (id: string, matter: Partial<MatterSummary>, point: [number, number] | null = [119.4, 32.35]): QueueCard => ({
	matter: { id, status: 'reported', urgent: false, returned: false, ...matter } as MatterSummary,
	point,
	duplicates: [],
	carriedOver: false
});

describe('the queue on the map', () => {
	it('one dot per card with a place, coloured by urgency, return and check, the selected one drawn last', () => {
		const points = queuePoints(
			[card('a', { urgent: true }), card('b', { returned: true }), card('c', { status: 'unverified' }), card('d', {}), card('nowhere', {}, null)],
			'a'
		);
		expect(points.map((p) => [p.properties.id, p.properties.tone, p.properties.selected])).toEqual([
			['b', 'returned', false],
			['c', 'unverified', false],
			['d', 'waiting', false],
			['a', 'urgent', true]
		]);
	});
});
