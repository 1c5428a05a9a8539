import { describe, expect, it } from 'vitest';
import type { Polygon } from '$lib/domain/geojson';
import {
	buildingBody,
	buildingValue,
	canCreate,
	canDelete,
	canEdit,
	gridBody,
	gridValue,
	microGridBody,
	microGridValue
} from './forms';
import { layoutCodes } from './households';
import type { BuildingProperties, GridProperties, MapFeature, MicroGridProperties } from '../map/map-types';

const square: Polygon = { type: 'Polygon', coordinates: [[[119.4, 32.36], [119.4001, 32.36], [119.4001, 32.3601], [119.4, 32.3601], [119.4, 32.36]]] };

const building: BuildingProperties = {
	kind: 'building',
	id: 'b1',
	name: '4号楼',
	label: '4号楼',
	gridId: 'g1',
	microGridId: 'm1',
	compoundId: 'c1',
	colorIndex: 0,
	households: 24,
	units: 2,
	floors: 6,
	roomsPerFloor: 2,
	liaisonIds: []
};
const microGrid: MicroGridProperties = { kind: 'microGrid', id: 'm1', name: '一', gridId: 'g1', colorIndex: 0, liaisonIds: ['u1'] };
const grid: GridProperties = { kind: 'grid', id: 'g1', name: '第一网格', colorIndex: 0, chiefIds: ['u9'] };
const feature = <P extends MapFeature['properties']>(properties: P): MapFeature<P> => ({ type: 'Feature', id: properties.id, geometry: square, properties });

describe('who may edit what', () => {
	const standing = { userId: 'u', communityId: 'c1', member: true, secretary: false, chiefGridIds: [] as string[], liaisonMicroGridIds: [] as string[], watcher: false, propertyOrgIds: [] as string[] };
	const chief = { ...standing, chiefGridIds: ['g1'] };
	const secretary = { ...standing, secretary: true };

	it('lets a chief work inside its grids only, and never create or delete a grid', () => {
		expect(canCreate(chief, 'building')).toBe(true);
		expect(canCreate(chief, 'grid')).toBe(false);
		expect(canEdit(chief, feature(building))).toBe(true);
		expect(canEdit(chief, feature({ ...building, gridId: 'g2' }))).toBe(false);
		expect(canEdit(chief, feature(grid))).toBe(true);
		expect(canDelete(chief, feature(grid))).toBe(false);
		expect(canDelete(chief, feature(microGrid))).toBe(true);
	});

	it('lets the secretary do everything', () => {
		expect(canCreate(secretary, 'grid')).toBe(true);
		expect(canDelete(secretary, feature(grid))).toBe(true);
		expect(canEdit(secretary, feature({ ...building, gridId: null }))).toBe(true);
	});
});

describe('buildingBody', () => {
	it('sends a new building with its shape and layout', () => {
		const value = { ...buildingValue(null, { microGridId: 'm1' }), label: ' 新楼 ', units: 2, floors: 6, roomsPerFloor: 2 };
		expect(buildingBody(value, null, square)).toEqual({
			ok: true,
			body: { label: '新楼', microGridId: 'm1', geometry: square, units: 2, floors: 6, roomsPerFloor: 2 }
		});
	});

	it('refuses what the server would refuse, before sending', () => {
		const value = { ...buildingValue(null, { microGridId: 'm1' }), label: '新楼', units: 2, floors: 61, roomsPerFloor: 2 };
		expect(buildingBody(value, null, square).ok).toBe(false);
		expect(buildingBody({ ...value, floors: 6, label: '  ' }, null, square).ok).toBe(false);
		expect(buildingBody({ ...value, floors: 6 }, null, null).ok).toBe(false);
		expect(buildingBody({ ...value, floors: 6, microGridId: '' }, null, square).ok).toBe(false);
	});

	it('on an edit sends only what changed, so an untouched layout keeps its households', () => {
		const value = buildingValue(building);
		expect(value.mode).toBe('layout');
		expect(buildingBody(value, building, null)).toEqual({ ok: true, body: {} });
		expect(buildingBody({ ...value, label: '5号楼' }, building, null)).toEqual({ ok: true, body: { label: '5号楼' } });
		expect(buildingBody({ ...value, floors: 7 }, building, null)).toEqual({ ok: true, body: { units: 2, floors: 7, roomsPerFloor: 2 } });
		expect(buildingBody({ ...value, compoundId: '' }, building, square)).toEqual({ ok: true, body: { compoundId: null, geometry: square } });
	});

	it('reads a typed household list, flags duplicates and sends the list only when it changed', () => {
		const value = { ...buildingValue(building), mode: 'list' as const };
		expect(buildingBody(value, building, null)).toEqual({ ok: true, body: {} });
		expect(buildingBody({ ...value, householdText: '1-101 1-102 1-101' }, building, null)).toMatchObject({ ok: false });
		expect(buildingBody({ ...value, householdText: '1-101 x' }, building, null)).toMatchObject({ ok: false });
		expect(buildingBody({ ...value, householdText: '1-101 1-102' }, building, null)).toEqual({ ok: true, body: { households: ['1-101', '1-102'] } });
	});

	it('compares an edited list with the saved one loaded from the server, and sends it only when it differs', () => {
		const listed = { ...building, households: 4 };
		const saved = ['1-101', '1-102', '1-201', '2-101'];
		const value = { ...buildingValue(listed), householdText: '1-101 1-102 1-201\n2-101' };
		expect(buildingBody(value, listed, null, saved)).toEqual({ ok: true, body: {} });
		// Written another way or in another order, it is still the same list.
		expect(buildingBody({ ...value, householdText: '2-101，1-0201 1-102 1-101' }, listed, null, saved)).toEqual({ ok: true, body: {} });
		expect(buildingBody({ ...value, householdText: '1-101 1-102 2-101 3-101' }, listed, null, saved)).toEqual({
			ok: true,
			body: { households: ['1-101', '1-102', '2-101', '3-101'] }
		});
		// A loaded list emptied by hand is a mistake to fix, not "leave it".
		expect(buildingBody({ ...value, householdText: ' ' }, listed, null, saved)).toMatchObject({ ok: false });
		// A generated building's loaded list that now differs from its layout is sent too.
		const generatedValue = { ...buildingValue(building), mode: 'list' as const, householdText: '1-101' };
		expect(buildingBody(generatedValue, building, null, layoutCodes(2, 6, 2))).toEqual({ ok: true, body: { households: ['1-101'] } });
	});

	it('starts a hand-listed building in list mode with an empty list, and regenerates when switched to a layout', () => {
		const listed = { ...building, households: 3 };
		const value = buildingValue(listed);
		expect(value.mode).toBe('list');
		expect(value.householdText).toBe('');
		expect(buildingBody({ ...value, mode: 'layout' }, listed, null)).toEqual({ ok: true, body: { units: 2, floors: 6, roomsPerFloor: 2 } });
		// Renaming it leaves the unseen list alone; a typed list replaces it.
		expect(buildingBody({ ...value, label: '5号楼' }, listed, null)).toEqual({ ok: true, body: { label: '5号楼' } });
		expect(buildingBody({ ...value, householdText: '1-101' }, listed, null)).toEqual({ ok: true, body: { households: ['1-101'] } });
	});
});

describe('micro-grid and grid bodies', () => {
	it('sends liaisons only when they changed', () => {
		const value = microGridValue(microGrid);
		expect(microGridBody(value, microGrid, null)).toEqual({ ok: true, body: {} });
		expect(microGridBody({ ...value, liaisonIds: [] }, microGrid, null)).toEqual({ ok: true, body: { liaisonIds: [] } });
		expect(microGridBody({ name: '新', gridId: 'g1', liaisonIds: [] }, null, square)).toEqual({
			ok: true,
			body: { name: '新', gridId: 'g1', geometry: square }
		});
	});

	it('never sends chiefs for someone who may not name them', () => {
		const value = { ...gridValue(grid), chiefIds: ['u1'] };
		expect(gridBody(value, grid, null, false)).toEqual({ ok: true, body: {} });
		expect(gridBody(value, grid, null, true)).toEqual({ ok: true, body: { chiefIds: ['u1'] } });
	});
});
