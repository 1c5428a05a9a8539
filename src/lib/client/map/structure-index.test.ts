import { describe, expect, it } from 'vitest';
import type { MapCollection, MapFeature } from './map-types';
import { StructureIndex, type PageStructure } from './structure-index';

const square = (x: number, y: number, size = 1): MapFeature['geometry'] => ({
	type: 'Polygon',
	coordinates: [[[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]]
});

const features: MapFeature[] = [
	{ type: 'Feature', id: 'g1', geometry: square(0, 0, 10), properties: { kind: 'grid', id: 'g1', name: '第一网格', colorIndex: 0, chiefIds: ['c1'] } },
	{ type: 'Feature', id: 'm1', geometry: square(0, 0, 5), properties: { kind: 'microGrid', id: 'm1', name: '第1微网格', gridId: 'g1', colorIndex: 0, liaisonIds: ['l1'] } },
	...(['10号楼', '2号楼'] as const).map((label, i) => ({
		type: 'Feature' as const,
		id: `b${i}`,
		geometry: square(i, 0),
		properties: {
			kind: 'building' as const,
			id: `b${i}`,
			name: label,
			label,
			gridId: 'g1',
			microGridId: 'm1',
			compoundId: 'k1',
			colorIndex: 0,
			households: 10 + i,
			units: 1,
			floors: 5,
			roomsPerFloor: 2,
			liaisonIds: ['l1']
		}
	}))
];
const collection: MapCollection = { type: 'FeatureCollection', features };
const person = (id: string, displayName: string, role: 'chief' | 'liaison', place: string) => ({
	id,
	displayName,
	phone: '13800000000',
	partyMember: false,
	roles: [role],
	gridIds: role === 'chief' ? [place] : [],
	microGridIds: role === 'liaison' ? [place] : []
});
const structure: PageStructure = {
	people: [person('c1', '刘晓燕', 'chief', 'g1'), person('l1', '陶小芳', 'liaison', 'm1'), person('l2', '陶大明', 'liaison', 'm9')],
	compounds: [{ id: 'k1', name: '华建雅筑' }],
	grids: [
		{ id: 'g1', name: '第一网格' },
		{ id: 'g2', name: '第二网格' }
	],
	microGrids: [
		{ id: 'm1', gridId: 'g1', name: '第1微网格' },
		{ id: 'm2', gridId: 'g1', name: '第2微网格' }
	]
};

describe('StructureIndex', () => {
	const index = new StructureIndex(structure, collection);

	it('sorts buildings by label with numbers in order', () => {
		expect(index.buildings.map((b) => b.properties.label)).toEqual(['2号楼', '10号楼']);
		expect(index.buildingsOf('m1')).toHaveLength(2);
	});

	it('names things by id and finds who serves where', () => {
		expect(index.name('k1')).toBe('华建雅筑');
		expect(index.name('gone')).toBeNull();
		expect(index.liaisonsOf('m1', ['l1']).map((p) => p.displayName)).toEqual(['陶小芳']);
		expect(index.liaisonsOf('m1').map((p) => p.displayName)).toEqual(['陶小芳']);
		expect(index.chiefsOf('g1').map((p) => p.displayName)).toEqual(['刘晓燕']);
	});

	it('lists a grid’s micro-grids, drawn or not, and a legend of every grid', () => {
		expect(index.microGridsOf('g1').map((m) => [m.name, !!m.feature])).toEqual([
			['第1微网格', true],
			['第2微网格', false]
		]);
		expect(index.legend()).toEqual([
			{ id: 'g1', name: '第一网格', colorIndex: 0, drawn: true },
			{ id: 'g2', name: '第二网格', colorIndex: 1, drawn: false }
		]);
	});

	it('searches building labels and people’s names, only where they are on the map', () => {
		expect(index.search('2号').map((r) => r.title)).toEqual(['2号楼']);
		const byName = index.search('陶');
		expect(byName.map((r) => [r.kind, r.title, r.selection])).toEqual([['liaison', '陶小芳', { kind: 'microGrid', id: 'm1' }]]);
		expect(index.search('刘晓燕')[0]).toMatchObject({ kind: 'chief', selection: { kind: 'grid', id: 'g1' } });
		expect(index.search('  ')).toEqual([]);
	});

	it('is empty with no drawn features', () => {
		expect(new StructureIndex(structure, { type: 'FeatureCollection', features: [] }).isEmpty).toBe(true);
		expect(index.isEmpty).toBe(false);
	});
});
