import { describe, expect, it } from 'vitest';
import { consultationQueue } from './consultation-queue';
import type { MatterCategory } from './matter-categories';
import type { MatterSummary } from './matter-view';

const here: [number, number] = [119.4, 32.35];
const north = (metres: number): [number, number] => [here[0], here[1] + metres / 111_195];

const category = (id: string, sortOrder: number): MatterCategory => ({ id, name: id, nameEn: '', parentId: null, limits: null, sortOrder });
const categories = [category('lamp', 0), category('stairwell', 100)];

function matter(id: string, overrides: Partial<MatterSummary> = {}): MatterSummary {
	return {
		id,
		status: 'reported',
		category: 'lamp',
		buildingId: null,
		buildingLabel: null,
		gridId: 'g1',
		microGridId: 'm1',
		point: null,
		description: id,
		urgent: false,
		source: 'staff',
		returned: false,
		handledOnSpot: false,
		reportedBy: 'u1',
		reporterName: '联络员',
		reportedAt: 1000,
		destination: null,
		destinationName: null,
		routedAt: null,
		acceptedAt: null,
		dueAt: null,
		extensionPending: false,
		extensionUntil: null,
		reminders: 0,
		mergedInto: null,
		resolvedAt: null,
		closedAt: null,
		updatedAt: 1000,
		coverPhoto: null,
		...overrides
	};
}

describe('the 会商 queue', () => {
	const open = [
		matter('stairs-7', { category: 'stairwell', buildingId: 'b7', buildingLabel: '7栋', reportedAt: 500 }),
		matter('lamp-12-old', { buildingId: 'b12', buildingLabel: '12栋', reportedAt: 100 }),
		matter('lamp-12-urgent', { buildingId: 'b12', buildingLabel: '12栋', reportedAt: 900, urgent: true }),
		matter('lamp-2', { buildingId: 'b2', buildingLabel: '2栋', reportedAt: 800 }),
		matter('lamp-outside', { point: north(20), reportedAt: 700 }),
		matter('lamp-resident', { status: 'unverified', source: 'resident', point: north(5), reportedAt: 1200 }),
		// Routed already: not in the queue, but a possible duplicate of the lamps beside it.
		matter('lamp-routed', { status: 'routed', buildingId: 'b2', buildingLabel: '2栋' })
	];
	const points = new Map<string, [number, number]>([
		['lamp-2', north(300)],
		['lamp-routed', north(300)]
	]);
	const queue = consultationQueue({ open, points, categories, previousEndedAt: 600 });

	it('groups by category in the community’s order, then building (by label, no building last), urgent and oldest first', () => {
		const shape = queue.awaiting.map((group) => [group.categoryId, group.buildings.map((b) => [b.label, b.cards.map((c) => c.matter.id)])]);
		expect(shape).toEqual([
			['lamp', [['2栋', ['lamp-2']], ['12栋', ['lamp-12-urgent', 'lamp-12-old']], [null, ['lamp-outside']]]],
			['stairwell', [['7栋', ['stairs-7']]]]
		]);
		expect(queue.unverified.map((g) => g.buildings[0].cards[0].matter.id)).toEqual(['lamp-resident']);
		expect(queue.cards.map((c) => c.matter.id)).toEqual(['lamp-2', 'lamp-12-urgent', 'lamp-12-old', 'lamp-outside', 'stairs-7', 'lamp-resident']);
	});

	it('flags possible duplicates among all open matters, by building or within 30 m, with the point the map shows', () => {
		const card = (id: string) => queue.cards.find((c) => c.matter.id === id)!;
		expect(card('lamp-2').duplicates.map((m) => m.id)).toEqual(['lamp-routed']);
		expect(card('lamp-2').point).toEqual(north(300));
		expect(card('lamp-12-old').duplicates.map((m) => m.id)).toEqual(['lamp-12-urgent']);
		expect(card('lamp-outside').duplicates.map((m) => m.id)).toEqual(['lamp-resident']);
		expect(card('stairs-7').duplicates).toEqual([]);
		expect(card('stairs-7').point).toBeNull();
	});

	it('leaves out what was just decided, still flagging it as a duplicate until the list is refreshed', () => {
		const after = consultationQueue({ open, points, categories, previousEndedAt: 600, decided: new Set(['lamp-12-urgent']) });
		expect(after.cards.map((c) => c.matter.id)).not.toContain('lamp-12-urgent');
		expect(after.cards.find((c) => c.matter.id === 'lamp-12-old')!.duplicates.map((m) => m.id)).toEqual(['lamp-12-urgent']);
	});

	it('marks what was already waiting when the previous meeting ended', () => {
		expect(queue.cards.filter((c) => c.carriedOver).map((c) => c.matter.id)).toEqual(['lamp-12-old', 'stairs-7']);
		const first = consultationQueue({ open, points, categories, previousEndedAt: null });
		expect(first.cards.some((c) => c.carriedOver)).toBe(false);
	});
});
