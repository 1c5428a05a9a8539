import { describe, expect, it } from 'vitest';
import {
	assignableRoles,
	canAssignChiefs,
	canBeAssignedIn,
	canCreateGrid,
	canDispatchTask,
	canEditStructure,
	canListCommunity,
	canManagePeople,
	canManagePerson,
	canReadStructureHistory,
	canRecordProgress,
	canViewCommunity,
	isReadOnly,
	peopleVisibility
} from './permissions';
import { membership, rolesOf, type Principal } from './roles';

const community = { id: 'c1', streetId: 's1' };
const otherCommunity = { id: 'c2', streetId: 's2' };
const principal = (...memberships: Principal['memberships']): Principal => ({ userId: 'u', memberships });

const secretary = principal(membership('secretary', { communityId: 'c1' }));
const chief = principal(membership('chief', { communityId: 'c1', gridId: 'g1' }));
const liaison = principal(membership('liaison', { communityId: 'c1', microGridId: 'm1' }));
const property = principal(membership('property', { orgId: 'o1' }));
const street = principal(membership('street', { streetId: 's1' }));
const nobody = principal();

describe('viewing a community', () => {
	it.each([
		['secretary', secretary, true],
		['chief', chief, true],
		['liaison', liaison, true],
		['street of its street', street, true],
		['property', property, false],
		['nobody', nobody, false]
	])('%s → %s', (_, who, expected) => {
		expect(canViewCommunity(who, community)).toBe(expected);
	});

	it('never reaches another community or street', () => {
		for (const who of [secretary, chief, liaison, street]) expect(canViewCommunity(who, otherCommunity)).toBe(false);
	});

	it('lists the community for a property company only where it runs a compound', () => {
		expect(canListCommunity(property, { ...community, propertyOrgIds: ['o1'] })).toBe(true);
		expect(canListCommunity(property, { ...community, propertyOrgIds: ['o2'] })).toBe(false);
		expect(canListCommunity(liaison, { ...community, propertyOrgIds: [] })).toBe(true);
	});
});

describe('people', () => {
	it('only the secretary manages people, and only in its community', () => {
		expect(canManagePeople(secretary, 'c1')).toBe(true);
		expect(canManagePeople(secretary, 'c2')).toBe(false);
		for (const who of [chief, liaison, property, street]) expect(canManagePeople(who, 'c1')).toBe(false);
	});

	it('a secretary sees everyone, a chief its grids, others nobody', () => {
		expect(peopleVisibility(secretary, 'c1')).toEqual({ all: true });
		expect(peopleVisibility(chief, 'c1')).toEqual({ all: false, gridIds: ['g1'] });
		expect(peopleVisibility(chief, 'c2')).toBeNull();
		for (const who of [liaison, property, street]) expect(peopleVisibility(who, 'c1')).toBeNull();
	});

	it('a secretary manages only people whose every role lies in its community or a company working only there', () => {
		const scope = { communityId: 'c1', ownOrgIds: ['o1'] };
		const m = membership;
		const inside = [
			[m('liaison', { communityId: 'c1', microGridId: 'm1' })],
			[m('chief', { communityId: 'c1', gridId: 'g1' }), m('liaison', { communityId: 'c1', microGridId: 'm2' })],
			[m('property', { orgId: 'o1' })],
			[]
		];
		const outside = [
			[m('street', { streetId: 's1' })],
			[m('liaison', { communityId: 'c1', microGridId: 'm1' }), m('street', { streetId: 's1' })],
			[m('liaison', { communityId: 'c1', microGridId: 'm1' }), m('liaison', { communityId: 'c2', microGridId: 'm9' })],
			[m('property', { orgId: 'o2' })],
			[m('secretary', { communityId: 'c2' })]
		];
		for (const person of inside) expect(canManagePerson(secretary, scope, person)).toBe(true);
		for (const person of outside) expect(canManagePerson(secretary, scope, person)).toBe(false);
		for (const who of [chief, liaison, property, street]) expect(canManagePerson(who, scope, inside[0])).toBe(false);
		expect(canManagePerson(secretary, { communityId: 'c2', ownOrgIds: [] }, inside[0])).toBe(false);
	});

	it('only the community\'s own staff may be made chief or liaison there, never street or property accounts', () => {
		const m = membership;
		expect(canBeAssignedIn([m('liaison', { communityId: 'c1', microGridId: 'm1' })], 'c1')).toBe(true);
		expect(canBeAssignedIn([], 'c1')).toBe(true);
		expect(canBeAssignedIn([m('street', { streetId: 's1' })], 'c1')).toBe(false);
		expect(canBeAssignedIn([m('property', { orgId: 'o1' })], 'c1')).toBe(false);
		expect(canBeAssignedIn([m('liaison', { communityId: 'c2', microGridId: 'm9' })], 'c1')).toBe(false);
		expect(canBeAssignedIn([m('chief', { communityId: 'c1', gridId: 'g1' }), m('property', { orgId: 'o1' })], 'c1')).toBe(false);
	});

	it('a secretary hands out community roles but never street roles', () => {
		expect(assignableRoles(secretary, 'c1')).toEqual(['secretary', 'chief', 'liaison', 'property']);
		expect(assignableRoles(chief, 'c1')).toEqual([]);
	});
});

describe('structure and progress', () => {
	const inGrid = { communityId: 'c1', gridId: 'g1', microGridId: 'm1' };
	const otherGrid = { communityId: 'c1', gridId: 'g2', microGridId: 'm9' };

	it('the secretary edits anywhere in its community, a chief only inside its grid', () => {
		expect(canEditStructure(secretary, otherGrid)).toBe(true);
		expect(canEditStructure(chief, inGrid)).toBe(true);
		expect(canEditStructure(chief, otherGrid)).toBe(false);
		expect(canEditStructure(chief, { communityId: 'c1' })).toBe(false);
		for (const who of [liaison, property, street]) expect(canEditStructure(who, inGrid)).toBe(false);
	});

	it('only the secretary creates grids, names chiefs and reads the structure history', () => {
		for (const rule of [canCreateGrid, canAssignChiefs, canReadStructureHistory]) {
			expect(rule(secretary, 'c1')).toBe(true);
			expect(rule(secretary, 'c2')).toBe(false);
			for (const who of [chief, liaison, property, street, nobody]) expect(rule(who, 'c1')).toBe(false);
		}
	});

	it('progress: liaison of the micro-grid, its chief, the secretary', () => {
		expect(canRecordProgress(liaison, inGrid)).toBe(true);
		expect(canRecordProgress(liaison, otherGrid)).toBe(false);
		expect(canRecordProgress(chief, inGrid)).toBe(true);
		expect(canRecordProgress(secretary, otherGrid)).toBe(true);
		expect(canRecordProgress(street, inGrid)).toBe(false);
		expect(canRecordProgress(property, inGrid)).toBe(false);
	});

	it('a chief dispatches only when it holds every grid of the scope', () => {
		expect(canDispatchTask(chief, { communityId: 'c1', scopeGridIds: ['g1'] })).toBe(true);
		expect(canDispatchTask(chief, { communityId: 'c1', scopeGridIds: ['g1', 'g2'] })).toBe(false);
		expect(canDispatchTask(chief, { communityId: 'c1', scopeGridIds: [] })).toBe(false);
		expect(canDispatchTask(secretary, { communityId: 'c1', scopeGridIds: ['g1', 'g2'] })).toBe(true);
		expect(canDispatchTask(liaison, { communityId: 'c1', scopeGridIds: ['g1'] })).toBe(false);
	});
});

describe('roles', () => {
	it('the street office alone is read-only', () => {
		expect(isReadOnly(street)).toBe(true);
		for (const who of [secretary, chief, liaison, property]) expect(isReadOnly(who)).toBe(false);
	});

	it('lists a principal’s roles most powerful first', () => {
		const both = principal(membership('liaison', { communityId: 'c1', microGridId: 'm1' }), membership('chief', { communityId: 'c1', gridId: 'g1' }));
		expect(rolesOf(both)).toEqual(['chief', 'liaison']);
	});
});
