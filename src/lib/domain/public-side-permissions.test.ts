import { describe, expect, it } from 'vitest';
import { mayManagePublicSide, mayPrintSigns, standingIn } from './permissions';
import { membership, type Membership } from './roles';

const community = { id: 'c1', streetId: 's1' };
const standing = (...memberships: Membership[]) => standingIn({ userId: 'u', memberships }, community);

const secretary = standing(membership('secretary', { communityId: 'c1' }));
const chief = standing(membership('chief', { communityId: 'c1', gridId: 'g1' }));
const liaison = standing(membership('liaison', { communityId: 'c1', microGridId: 'm1' }));
const street = standing(membership('street', { streetId: 's1' }));
const property = standing(membership('property', { orgId: 'o1' }));
const otherSecretary = standing(membership('secretary', { communityId: 'c2' }));

describe('the public side', () => {
	it('a building’s sign and QR code: the secretary anywhere, a chief in its grids only', () => {
		const inGrid = { gridId: 'g1', microGridId: 'm1' };
		const elsewhere = { gridId: 'g2', microGridId: 'm2' };
		const unplaced = { gridId: null, microGridId: null };
		expect([inGrid, elsewhere, unplaced].map((place) => mayPrintSigns(secretary, place))).toEqual([true, true, true]);
		expect([inGrid, elsewhere, unplaced].map((place) => mayPrintSigns(chief, place))).toEqual([true, false, false]);
		for (const other of [liaison, street, property, otherSecretary]) expect(mayPrintSigns(other, inGrid)).toBe(false);
	});

	it('rotating codes, public-phone consent and the hotline: the secretary of the community only', () => {
		expect(mayManagePublicSide(secretary)).toBe(true);
		for (const other of [chief, liaison, street, property, otherSecretary]) expect(mayManagePublicSide(other)).toBe(false);
	});
});
