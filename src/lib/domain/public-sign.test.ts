import { describe, expect, it } from 'vitest';
import { buildingSigns, publicContactOf, type PersonForPublic, type SignSources } from './public-sign';

const person = (displayName: string, publicContact: boolean, partyMember = false, phone = '13800000000'): PersonForPublic => ({
	displayName,
	phone,
	partyMember,
	publicContact
});

function sources(): SignSources {
	return {
		communityName: '乐雅社区',
		hotline: '0514-87221234',
		grids: [{ id: 'g1', name: '第一网格', chiefIds: ['chief'] }],
		microGrids: [{ id: 'm1', gridId: 'g1', name: '第一微网格', liaisonIds: ['agrees', 'declines'] }],
		buildings: [
			{ id: 'b2', label: '2幢', microGridId: 'm1', compoundId: 'c1', households: 40 },
			{ id: 'b10', label: '10幢', microGridId: 'm1', compoundId: 'c1', households: 36 },
			{ id: 'loose', label: '车库', microGridId: null, compoundId: null, households: 0 }
		],
		compounds: [{ id: 'c1', name: '乐雅苑', propertyOrgId: 'org', propertyOrgName: '光明物业' }],
		people: new Map([
			['chief', person('王网格长', true, true)],
			['agrees', person('李联络员', true, true)],
			['declines', person('赵联络员', false)]
		]),
		redPropertyByOrg: new Map([['org', [person('周党员', false, true), person('非党员', true, false)]]])
	};
}

describe('what a building shows the public', () => {
	it('shows a phone only with the person’s consent, and never an empty one', () => {
		expect(publicContactOf(person('甲', true)).phone).toBe('13800000000');
		expect(publicContactOf(person('乙', false)).phone).toBeNull();
		expect(publicContactOf(person('丙', true, false, '  ')).phone).toBeNull();
	});

	it('names the micro-grid, its liaisons and chief, the property company and its party-member staff', () => {
		const [sign] = buildingSigns(sources(), ['b2']);
		expect(sign.microGrid).toEqual({ id: 'm1', name: '第一微网格', buildingLabels: ['2幢', '10幢'], households: 76 });
		expect(sign.liaisons).toEqual([
			{ name: '李联络员', phone: '13800000000', partyMember: true },
			{ name: '赵联络员', phone: null, partyMember: false }
		]);
		expect(sign.chiefs.map((c) => c.name)).toEqual(['王网格长']);
		expect(sign.propertyCompany).toBe('光明物业');
		expect(sign.redProperty).toEqual([{ name: '周党员', phone: null, partyMember: true }]);
		expect(sign.hotline).toBe('0514-87221234');
	});

	it('keeps the order asked, leaves out unknown buildings, and names nobody for a building outside any micro-grid', () => {
		const signs = buildingSigns(sources(), ['b10', 'nope', 'loose']);
		expect(signs.map((s) => s.label)).toEqual(['10幢', '车库']);
		expect(signs[1]).toMatchObject({ microGrid: null, gridName: null, liaisons: [], chiefs: [], propertyCompany: null });
	});
});
