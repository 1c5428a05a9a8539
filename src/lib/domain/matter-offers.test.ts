import { describe, expect, it } from 'vitest';
import { standing } from '../../../tests/fixtures/standings';
import { offeredMatterActions } from './matter-offers';
import type { MatterState } from './matters';

/** In grid g1, micro-grid m1, reported by the liaison of m1. */
const matter = (overrides: Partial<MatterState> = {}): MatterState => ({
	gridId: 'g1',
	microGridId: 'm1',
	reportedBy: 'u-liaison',
	urgent: false,
	destination: null,
	status: 'reported',
	extensionPending: false,
	...overrides
});
const toCompany = { kind: 'property', orgId: 'o1' } as const;

const secretary = standing({ userId: 'u-sec', secretary: true });
const chief = standing({ userId: 'u-chief', chiefGridIds: ['g1'] });
const liaison = standing({ userId: 'u-liaison', liaisonMicroGridIds: ['m1'] });
const company = standing({ userId: 'u-prop', member: false, propertyOrgIds: ['o1'] });
const street = standing({ userId: 'u-street', member: false, watcher: true });

describe('the actions offered on a matter', () => {
	it('waiting for routing: the secretary routes, merges, rejects; a chief only reminds nothing yet', () => {
		expect(offeredMatterActions(secretary, matter())).toEqual(['route', 'merge', 'reject']);
		expect(offeredMatterActions(chief, matter())).toEqual([]);
		expect(offeredMatterActions(chief, matter({ urgent: true }))).toEqual(['route', 'merge', 'reject']);
	});

	it('routed to a company: its staff accept or return, the chief and secretary remind, the street nothing', () => {
		const routed = matter({ status: 'routed', destination: toCompany });
		expect(offeredMatterActions(company, routed)).toEqual(['accept', 'return']);
		expect(offeredMatterActions(chief, routed)).toEqual(['remind']);
		expect(offeredMatterActions(street, routed)).toEqual([]);
		expect(offeredMatterActions(standing({ member: false, propertyOrgIds: ['o2'] }), routed)).toEqual([]);
	});

	it('accepted: return, extend and resolve; with an extension pending the secretary decides and no second one is asked', () => {
		const accepted = matter({ status: 'accepted', destination: toCompany });
		expect(offeredMatterActions(company, accepted)).toEqual(['return', 'extend', 'resolve']);
		const pending = { ...accepted, extensionPending: true };
		expect(offeredMatterActions(company, pending)).toEqual(['return', 'resolve']);
		expect(offeredMatterActions(secretary, pending)).toEqual(['decide-extension', 'remind']);
	});

	it('resolved: the reporter verifies, the company waits', () => {
		const resolved = matter({ status: 'resolved', destination: toCompany });
		expect(offeredMatterActions(liaison, resolved)).toEqual(['verify']);
		expect(offeredMatterActions(company, resolved)).toEqual([]);
	});

	it('a closed matter offers nothing to anyone', () => {
		for (const viewer of [secretary, chief, liaison, company, street]) {
			expect(offeredMatterActions(viewer, matter({ status: 'closed', destination: toCompany }))).toEqual([]);
		}
	});
});
