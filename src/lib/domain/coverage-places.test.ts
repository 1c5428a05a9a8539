import { describe, expect, it } from 'vitest';
import { coveragePlacesOf } from './coverage-places';

const structure = {
	grids: [
		{ id: 'g1', name: '一网格', chiefIds: ['c1'] },
		{ id: 'g2', name: '二网格', chiefIds: [] }
	],
	microGrids: [
		{ id: 'm1', gridId: 'g1', name: '1-1', liaisonIds: ['l1'] },
		{ id: 'm2', gridId: 'g2', name: '2-1', liaisonIds: ['l1', 'l2'] }
	],
	buildings: [
		{ id: 'b3', label: '10栋', gridId: 'g1', microGridId: 'm1', households: 4 },
		{ id: 'b2', label: '2栋', gridId: 'g2', microGridId: 'm2', households: 6 },
		{ id: 'b1', label: '2栋', gridId: 'g1', microGridId: 'm1', households: 3 },
		{ id: 'b0', label: '1栋', gridId: null, microGridId: null, households: 2 }
	],
	members: [
		{ id: 'c1', username: 'chief01', displayName: '网格长', role: 'chief', microGridId: null },
		{ id: 'l1', username: 'liaison01', displayName: '甲', role: 'liaison', microGridId: 'm1' },
		{ id: 'l1', username: 'liaison01', displayName: '甲', role: 'liaison', microGridId: 'm2' },
		{ id: 'l2', username: 'liaison02', displayName: '乙', role: 'liaison', microGridId: 'm2' },
		{ id: 'l3', username: 'liaison03', displayName: '丙', role: 'liaison', microGridId: null }
	]
};

describe('coveragePlacesOf', () => {
	it('holds the whole community for the whole scope: every building by label (then id), liaisons with all their micro-grids', () => {
		const places = coveragePlacesOf(structure, { all: true, gridIds: [] });
		expect(places.gridIds).toEqual(['g1', 'g2']);
		expect(places.buildings.map((b) => b.id)).toEqual(['b0', 'b1', 'b2', 'b3']);
		expect(places.microGrids.map((m) => m.id)).toEqual(['m1', 'm2']);
		expect(places.liaisons).toEqual([
			{ userId: 'l1', username: 'liaison01', displayName: '甲', microGridIds: ['m1', 'm2'] },
			{ userId: 'l2', username: 'liaison02', displayName: '乙', microGridIds: ['m2'] }
		]);
	});

	it("narrows to a chief's grids: their buildings, micro-grids and liaisons, with only the micro-grids inside", () => {
		const places = coveragePlacesOf(structure, { all: false, gridIds: ['g1'] });
		expect(places.grids).toEqual([structure.grids[0]]);
		expect(places.buildings.map((b) => b.id)).toEqual(['b1', 'b3']);
		expect(places.microGrids.map((m) => m.id)).toEqual(['m1']);
		expect(places.liaisons).toEqual([{ userId: 'l1', username: 'liaison01', displayName: '甲', microGridIds: ['m1'] }]);
	});

	it('holds nothing for a scope of no grids', () => {
		const places = coveragePlacesOf(structure, { all: false, gridIds: [] });
		expect([places.grids, places.buildings, places.microGrids, places.liaisons]).toEqual([[], [], [], []]);
	});
});
