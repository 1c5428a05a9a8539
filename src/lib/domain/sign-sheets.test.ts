import { describe, expect, it } from 'vitest';
import { capabilitiesOf } from './capabilities';
import { mayPrintSigns, type Standing } from './permissions';
import type { BuildingSign, PublicContact } from './public-sign';
import { redPropertyShown, signSheets } from './sign-sheets';

const person = (name: string, phone: string | null = null): PublicContact => ({ name, phone, partyMember: false });

function sign(id: string, microGridId: string | null, extra: Partial<BuildingSign> = {}): BuildingSign {
	return {
		buildingId: id,
		label: `${id}号楼`,
		households: 10,
		communityName: '乐雅社区',
		compoundName: '光明铂悦华府',
		gridName: '第一网格',
		microGrid: microGridId ? { id: microGridId, name: `微网格${microGridId}`, buildingLabels: [], households: 20 } : null,
		liaisons: [person('张三', '13800000000')],
		chiefs: [person('李四')],
		propertyCompany: '光明物业',
		redProperty: [],
		hotline: '0514-12345',
		...extra
	};
}

describe('signSheets', () => {
	it('makes one sign per building, keeping their order, each with its own QR code', () => {
		const sheets = signSheets([sign('1', 'a'), sign('2', 'a'), sign('3', null)], 'building', 'A4');
		expect(sheets.map((s) => s.building?.label)).toEqual(['1号楼', '2号楼', '3号楼']);
		expect(sheets.map((s) => s.codeBuildings.map((b) => b.buildingId))).toEqual([['1'], ['2'], ['3']]);
	});

	it('makes one sign per micro-grid with a QR code per building; a building outside any micro-grid keeps a sign of its own', () => {
		const sheets = signSheets([sign('1', 'a'), sign('3', null), sign('2', 'a'), sign('4', 'b')], 'microGrid', 'A4');
		expect(sheets.map((s) => [s.building?.label ?? null, s.microGrid?.id ?? null, s.codeBuildings.map((b) => b.buildingId)])).toEqual([
			[null, 'a', ['1', '2']],
			['3号楼', null, ['3']],
			[null, 'b', ['4']]
		]);
	});

	it('names each property company of a micro-grid once, and a long 红色物业 list by its first names and a count', () => {
		const staff = Array.from({ length: redPropertyShown + 3 }, (_, i) => person(`员工${i}`));
		const sheets = signSheets(
			[sign('1', 'a', { redProperty: staff }), sign('2', 'a', { redProperty: staff }), sign('3', 'a', { propertyCompany: '华建物业', compoundName: '华建雅筑' })],
			'microGrid',
			'A4'
		);
		expect(sheets[0].property.map((p) => [p.company, p.staff.length, p.moreStaff])).toEqual([
			['光明物业', redPropertyShown, 3],
			['华建物业', 0, 0]
		]);
		expect(sheets[0].compoundNames).toEqual(['光明铂悦华府', '华建雅筑']);
	});

	it('sets type smaller as a sign fills up, and sooner on A5', () => {
		const crowd = Array.from({ length: 4 }, (_, i) => person(`人${i}`));
		const plain = sign('1', 'a');
		const busy = sign('1', 'a', { liaisons: crowd, chiefs: crowd, redProperty: crowd });
		expect(signSheets([plain], 'building', 'A4')[0].density).toBe('roomy');
		expect(signSheets([busy], 'building', 'A4')[0].density).toBe('compact');
		expect(signSheets([busy], 'building', 'A5')[0].density).toBe('tight');
		const many = Array.from({ length: 8 }, (_, i) => sign(String(i), 'a'));
		expect(signSheets(many, 'microGrid', 'A4')[0].density).not.toBe('roomy');
	});
});

describe('who may print signs', () => {
	const base: Standing = { userId: 'u', communityId: 'c1', member: true, secretary: false, chiefGridIds: [], liaisonMicroGridIds: [], watcher: false, propertyOrgIds: [] };
	it('the secretary anywhere, a chief in its grids, nobody else; the page capability follows', () => {
		const secretary = { ...base, secretary: true };
		const chief = { ...base, chiefGridIds: ['g1'] };
		const liaison = { ...base, liaisonMicroGridIds: ['m1'] };
		const street = { ...base, member: false, watcher: true };
		expect([mayPrintSigns(secretary, { gridId: 'g2' }), mayPrintSigns(chief, { gridId: 'g1' }), mayPrintSigns(chief, { gridId: 'g2' })]).toEqual([true, true, false]);
		expect([liaison, street].map((s) => mayPrintSigns(s, { gridId: 'g1', microGridId: 'm1' }))).toEqual([false, false]);
		expect([secretary, chief, liaison, street].map((s) => capabilitiesOf(s).printSigns)).toEqual([true, true, false, false]);
	});
});
