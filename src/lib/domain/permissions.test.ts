import { describe, expect, it } from 'vitest';
import { allowed, capabilitiesAnswer, policyCases, policyRoles, type PolicyAction, type PolicyRole } from '../../../tests/fixtures/policy-table';
import { capabilitiesOf } from './capabilities';
import { checkLiveWrite, type LiveRuleContext, type LiveWrite } from './live-rules';
import {
	mayUploadMatterPhoto,
	assignableRoles,
	mayBeAssignedIn,
	mayEditCategories,
	mayHoldConsultation,
	mayListCommunity,
	mayManagePerson,
	mayManageRobot,
	mayManageSomeRobot,
	mayManageTask,
	mayRecordProgress,
	mayReviewMatters,
	mayTakePartInTask,
	mayCommentDiary,
	keepsDiaryAnywhere,
	mayKeepDiary,
	mayReadDiary,
	mayReviewDiaries,
	mayTakePartInDiaries,
	mayWriteDiary,
	mayViewOversight,
	oversightGrids,
	peopleVisibility,
	standingIn,
	type BuildingPlace,
	type DiaryOwner,
	type Standing
} from './permissions';
import { diaryCommentKind } from './diary';
import { membership, rolesOf, type Principal } from './roles';

const community = { id: 'c1', streetId: 's1' };
const otherCommunity = { id: 'c2', streetId: 's2' };
const principal = (...memberships: Principal['memberships']): Principal => ({ userId: 'u', memberships });

const principals: Record<PolicyRole, Principal> = {
	secretary: principal(membership('secretary', { communityId: 'c1' })),
	chief: principal(membership('chief', { communityId: 'c1', gridId: 'g1' })),
	liaison: principal(membership('liaison', { communityId: 'c1', microGridId: 'm1' })),
	'other liaison': principal(membership('liaison', { communityId: 'c1', microGridId: 'm2' })),
	'street office': principal(membership('street', { streetId: 's1' })),
	'property company': principal(membership('property', { orgId: 'o1' }))
};
const nobody = principal();

/** "The building" lies in the chief's grid g1 and the liaison's micro-grid m1; "outside" in g2. */
const places = new Map<string, BuildingPlace>([
	['the-building', { gridId: 'g1', microGridId: 'm1' }],
	['neighbour', { gridId: 'g1', microGridId: 'm2' }],
	['outside', { gridId: 'g2', microGridId: 'm9' }]
]);
const placeOf = (id: string) => places.get(id);
const taskScope = ['the-building'];

/** The policy as the pages see it: capabilities for the community, the standing for places. */
function pageAnswer(role: PolicyRole, action: PolicyAction): boolean {
	const capabilities = capabilitiesOf(standingIn(principals[role], community));
	return capabilitiesAnswer(action, capabilities, { gridId: 'g1', theBuilding: 'the-building', outside: 'outside', placeOf });
}

/** The same actions as the sync server judges them: a write at a path of the live document. */
const liveWrites: Partial<Record<PolicyAction, (userId: string) => LiveWrite>> = {
	'manage a task over the building': () => ({ op: 'insert', path: ['tasks', 't1', 'title'], content: { kind: 'values', values: ['新标题'] } }),
	'take part in a task over the building': (userId) => ({ op: 'insert', path: ['tasks', 't1', 'acks', userId], content: { kind: 'values', values: [Date.now()] } }),
	'record progress in the building': (userId) => ({
		op: 'insert',
		path: ['tasks', 't1', 'progress', 'the-building', '1-101'],
		content: { kind: 'values', values: [{ s: 'visited', by: userId, at: Date.now() }] }
	}),
	'record progress outside the grid': (userId) => ({
		op: 'insert',
		path: ['tasks', 't1', 'progress', 'outside', '1-101'],
		content: { kind: 'values', values: [{ s: 'visited', by: userId, at: Date.now() }] }
	})
};

function syncAnswer(role: PolicyRole, write: (userId: string) => LiveWrite): boolean {
	const who = principals[role];
	const ctx: LiveRuleContext = {
		principal: who,
		communityId: 'c1',
		standing: standingIn(who, 'c1'),
		place: placeOf,
		taskScope: () => taskScope,
		taskIdTaken: () => false,
		now: Date.now()
	};
	return checkLiveWrite(write(who.userId), ctx) === null;
}

describe('the policy table', () => {
	it.each(policyCases)('%s · %s → %s (pages)', (role, action, expected) => {
		expect(pageAnswer(role, action)).toBe(expected);
	});

	const syncCases = policyCases.filter(([, action]) => liveWrites[action]);
	it.each(syncCases)('%s · %s → %s (sync write rules)', (role, action, expected) => {
		// The sync server lets no one but members write at all; the rules see members only.
		const member = allowed(role, 'view the community') && role !== 'street office';
		expect(member && syncAnswer(role, liveWrites[action]!)).toBe(expected);
	});
});

describe('matter photos', () => {
	it('members and property companies may upload; the street office, read-only, may not', () => {
		const uploads = Object.fromEntries(Object.entries(principals).map(([role, who]) => [role, mayUploadMatterPhoto(standingIn(who, community))]));
		expect(uploads).toMatchObject({ secretary: true, 'street office': false, 'property company': true });
		expect(Object.entries(uploads).filter(([role]) => !['street office', 'property company'].includes(role)).every(([, may]) => may)).toBe(true);
	});
});

describe('viewing a community', () => {
	it('never reaches another community or street', () => {
		for (const who of Object.values(principals)) expect(capabilitiesOf(standingIn(who, otherCommunity)).viewCommunity).toBe(false);
		expect(capabilitiesOf(standingIn(nobody, community)).viewCommunity).toBe(false);
	});

	it('lists the community for a property company only where it runs a compound', () => {
		expect(mayListCommunity(principals['property company'], { ...community, propertyOrgIds: ['o1'] })).toBe(true);
		expect(mayListCommunity(principals['property company'], { ...community, propertyOrgIds: ['o2'] })).toBe(false);
		expect(mayListCommunity(principals.liaison, { ...community, propertyOrgIds: [] })).toBe(true);
	});

	it('the street office watches and never writes; members write', () => {
		expect(capabilitiesOf(standingIn(principals['street office'], community)).write).toBe(false);
		for (const role of ['secretary', 'chief', 'liaison'] as const) expect(capabilitiesOf(standingIn(principals[role], community)).write).toBe(true);
	});
});

describe('tasks', () => {
	const chief = standingIn(principals.chief, community);
	const secretary = standingIn(principals.secretary, community);

	it('a chief manages a task only when its grids hold every building of the scope', () => {
		expect(mayManageTask(chief, ['the-building', 'neighbour'], placeOf)).toBe(true);
		expect(mayManageTask(chief, ['the-building', 'outside'], placeOf)).toBe(false);
		expect(mayManageTask(chief, ['the-building', 'ghost'], placeOf)).toBe(false);
	});

	it('an empty scope makes no chief its manager, the secretary manages it all the same', () => {
		expect(mayManageTask(chief, [], placeOf)).toBe(false);
		expect(mayManageTask(secretary, [], placeOf)).toBe(true);
		expect(mayManageTask(secretary, ['outside', 'ghost'], placeOf)).toBe(true);
	});

	it('a building outside any micro-grid is nobody’s to mark', () => {
		expect(mayRecordProgress(secretary, { gridId: 'g1', microGridId: null })).toBe(false);
		expect(mayRecordProgress(secretary, undefined)).toBe(false);
	});
});

describe('people', () => {
	const secretary = standingIn(principals.secretary, community);

	it('a secretary sees everyone, a chief its grids, others nobody', () => {
		expect(peopleVisibility(secretary)).toEqual({ all: true });
		expect(peopleVisibility(standingIn(principals.chief, community))).toEqual({ all: false, gridIds: ['g1'] });
		expect(peopleVisibility(standingIn(principals.chief, otherCommunity))).toBeNull();
		for (const role of ['liaison', 'property company', 'street office'] as const) expect(peopleVisibility(standingIn(principals[role], community))).toBeNull();
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
		for (const person of inside) expect(mayManagePerson(secretary, scope, person)).toBe(true);
		for (const person of outside) expect(mayManagePerson(secretary, scope, person)).toBe(false);
		for (const role of ['chief', 'liaison', 'property company', 'street office'] as const) {
			expect(mayManagePerson(standingIn(principals[role], community), scope, inside[0])).toBe(false);
		}
		expect(mayManagePerson(secretary, { communityId: 'c2', ownOrgIds: [] }, inside[0])).toBe(false);
	});

	it("only the community's own staff may be made chief or liaison there, never street or property accounts", () => {
		const m = membership;
		expect(mayBeAssignedIn([m('liaison', { communityId: 'c1', microGridId: 'm1' })], 'c1')).toBe(true);
		expect(mayBeAssignedIn([], 'c1')).toBe(true);
		expect(mayBeAssignedIn([m('street', { streetId: 's1' })], 'c1')).toBe(false);
		expect(mayBeAssignedIn([m('property', { orgId: 'o1' })], 'c1')).toBe(false);
		expect(mayBeAssignedIn([m('liaison', { communityId: 'c2', microGridId: 'm9' })], 'c1')).toBe(false);
		expect(mayBeAssignedIn([m('chief', { communityId: 'c1', gridId: 'g1' }), m('property', { orgId: 'o1' })], 'c1')).toBe(false);
	});

	it('a secretary hands out community roles but never street roles', () => {
		expect(assignableRoles(secretary)).toEqual(['secretary', 'chief', 'liaison', 'property']);
		expect(assignableRoles(standingIn(principals.chief, community))).toEqual([]);
	});
});

describe('structure', () => {
	it('only the secretary creates grids, names chiefs and reads the structure history', () => {
		const secretary = capabilitiesOf(standingIn(principals.secretary, community));
		expect([secretary.createGrid, secretary.assignChiefs, secretary.readStructureHistory]).toEqual([true, true, true]);
		for (const role of ['chief', 'liaison', 'street office', 'property company'] as const) {
			const other = capabilitiesOf(standingIn(principals[role], community));
			expect([other.createGrid, other.assignChiefs, other.readStructureHistory]).toEqual([false, false, false]);
		}
		expect(capabilitiesOf(standingIn(principals.secretary, otherCommunity)).createGrid).toBe(false);
	});

	it('a chief edits inside its grids and nowhere else', () => {
		const chief = capabilitiesOf(standingIn(principals.chief, community));
		expect(chief.editing).toEqual({ all: false, gridIds: ['g1'] });
	});
});

describe('the 会商 and categories', () => {
	const answers = (role: PolicyRole, other = false) => {
		const capabilities = capabilitiesOf(standingIn(principals[role], other ? otherCommunity : community));
		const { standing } = capabilities;
		const policy = [mayHoldConsultation(standing), mayEditCategories(standing), mayReviewMatters(standing)];
		expect([capabilities.holdConsultation, capabilities.editCategories, capabilities.reviewMatters]).toEqual(policy);
		return policy;
	};

	it('only the secretary holds the meeting and edits categories; chiefs and the street office review read-only', () => {
		expect(answers('secretary')).toEqual([true, true, true]);
		expect(answers('chief')).toEqual([false, false, true]);
		expect(answers('street office')).toEqual([false, false, true]);
		for (const role of ['liaison', 'other liaison', 'property company'] as const) expect(answers(role), role).toEqual([false, false, false]);
	});

	it('never in another community', () => {
		for (const role of policyRoles) expect(answers(role, true), role).toEqual([false, false, false]);
	});
});

describe('oversight (coverage figures, their reports, the dashboard)', () => {
	const answer = (role: PolicyRole, other = false) => {
		const standing = standingIn(principals[role], other ? otherCommunity : community);
		return mayViewOversight(standing) ? oversightGrids(standing) : null;
	};

	it('the secretary and the street office see the whole community, a chief its grids, nobody else anything', () => {
		expect(answer('secretary')).toEqual({ all: true, gridIds: [] });
		expect(answer('street office')).toEqual({ all: true, gridIds: [] });
		expect(answer('chief')).toEqual({ all: false, gridIds: ['g1'] });
		for (const role of ['liaison', 'other liaison', 'property company'] as const) expect(answer(role), role).toBeNull();
	});

	it('never in another community', () => {
		for (const role of policyRoles) expect(answer(role, true), role).toBeNull();
	});

	it('a chief who is also a liaison sees its grids; the chief of two grids sees both', () => {
		const both = principal(membership('liaison', { communityId: 'c1', microGridId: 'm9' }), membership('chief', { communityId: 'c1', gridId: 'g1' }), membership('chief', { communityId: 'c1', gridId: 'g2' }));
		expect(oversightGrids(standingIn(both, community))).toEqual({ all: false, gridIds: ['g1', 'g2'] });
	});
});

describe('roles', () => {
	it('lists a principal’s roles most powerful first', () => {
		const both = principal(membership('liaison', { communityId: 'c1', microGridId: 'm1' }), membership('chief', { communityId: 'c1', gridId: 'g1' }));
		expect(rolesOf(both)).toEqual(['chief', 'liaison']);
	});
});

describe('group robots', () => {
	const grid = (gridId: string) => ({ scope: 'grid' as const, communityId: 'c1', gridId });
	const ours = { scope: 'community' as const, communityId: 'c1' };
	const theirs = { scope: 'community' as const, communityId: 'c2' };
	const company = (orgId: string) => ({ scope: 'org' as const, orgId });
	const secondChief = principal(membership('chief', { communityId: 'c1', gridId: 'g2' }));
	const answers = (who: Principal) => [ours, grid('g1'), grid('g2'), company('o1'), company('o2'), theirs].map((place) => mayManageRobot(who, place));

	it('the secretary manages the community’s robot and every grid’s, not a company’s nor another community’s', () => {
		expect(answers(principals.secretary)).toEqual([true, true, true, false, false, false]);
	});

	it('a chief manages its own grids’ robots only', () => {
		expect(answers(principals.chief)).toEqual([false, true, false, false, false, false]);
		expect(answers(secondChief)).toEqual([false, false, true, false, false, false]);
	});

	it('property users manage their own company’s robot only', () => {
		expect(answers(principals['property company'])).toEqual([false, false, false, true, false, false]);
	});

	it('liaisons, the street office and nobody manage none, and are refused before any work', () => {
		for (const who of [principals.liaison, principals['other liaison'], principals['street office'], nobody]) {
			expect(answers(who)).toEqual([false, false, false, false, false, false]);
			expect(mayManageSomeRobot(who)).toBe(false);
		}
		for (const who of [principals.secretary, principals.chief, principals['property company']]) expect(mayManageSomeRobot(who)).toBe(true);
	});

	it('a chief of the same grid id in another community manages nothing here', () => {
		const elsewhere = principal(membership('chief', { communityId: 'c2', gridId: 'g1' }));
		expect(mayManageRobot(elsewhere, grid('g1'))).toBe(false);
	});
});

describe('work diaries', () => {
	const as = (userId: string, ...memberships: Principal['memberships']) => standingIn({ userId, memberships }, community);
	const readers = {
		owner: as('l1', membership('liaison', { communityId: 'c1', microGridId: 'm1' })),
		'other liaison': as('l2', membership('liaison', { communityId: 'c1', microGridId: 'm2' })),
		chief: as('c', membership('chief', { communityId: 'c1', gridId: 'g1' })),
		'other chief': as('c2', membership('chief', { communityId: 'c1', gridId: 'g2' })),
		secretary: as('s', membership('secretary', { communityId: 'c1' })),
		'street office': as('st', membership('street', { streetId: 's1' })),
		'property company': as('p', membership('property', { orgId: 'o1' })),
		'secretary elsewhere': standingIn({ userId: 's9', memberships: [membership('secretary', { communityId: 'c2' })] }, community)
	};
	/** liaison l1 serves micro-grid m1 of grid g1. */
	const owner = { userId: 'l1', places: [{ gridId: 'g1', microGridId: 'm1' }] };
	const answers = (may: (s: Standing, o: DiaryOwner) => boolean, of: DiaryOwner = owner) =>
		Object.fromEntries(Object.entries(readers).map(([name, s]) => [name, may(s, of)]));

	it('the liaison, its chief, the secretary and the street office read it; nobody else', () => {
		expect(answers(mayReadDiary)).toEqual({
			owner: true,
			'other liaison': false,
			chief: true,
			'other chief': false,
			secretary: true,
			'street office': true,
			'property company': false,
			'secretary elsewhere': false
		});
	});

	it('only the liaison writes it', () => {
		expect(Object.entries(answers(mayWriteDiary)).filter(([, may]) => may)).toEqual([['owner', true]]);
	});

	it('its chief comments (点评) and the secretary spot-checks (抽查); the liaison and the street office do not', () => {
		expect(Object.entries(answers(mayCommentDiary)).filter(([, may]) => may).map(([name]) => name)).toEqual(['chief', 'secretary']);
		expect(diaryCommentKind(readers.secretary)).toBe('check');
		expect(diaryCommentKind(readers.chief)).toBe('review');
	});

	it('someone who is no liaison here has no diary here, not even for the secretary', () => {
		const none = { userId: 'c', places: [] };
		for (const may of [mayReadDiary, mayWriteDiary, mayCommentDiary]) expect(Object.values(answers(may, none)).some(Boolean)).toBe(false);
	});

	it('a chief who is also a liaison writes its own diary and comments only on others’', () => {
		const both = as('c', membership('chief', { communityId: 'c1', gridId: 'g1' }), membership('liaison', { communityId: 'c1', microGridId: 'm3' }));
		const own = { userId: 'c', places: [{ gridId: 'g1', microGridId: 'm3' }] };
		expect([mayReadDiary(both, own), mayWriteDiary(both, own), mayCommentDiary(both, own)]).toEqual([true, true, false]);
		expect(mayCommentDiary(both, owner)).toBe(true);
	});

	it('only liaisons keep one', () => {
		expect(Object.entries(readers).filter(([, s]) => mayKeepDiary(s)).map(([name]) => name)).toEqual(['owner', 'other liaison']);
	});

	it('a liaison of one community keeps its diary while chief in another (its outbox stays open there)', () => {
		const both = principal(membership('liaison', { communityId: 'c1', microGridId: 'm1' }), membership('chief', { communityId: 'c2', gridId: 'g1' }));
		expect(mayKeepDiary(standingIn(both, 'c2'))).toBe(false);
		expect(keepsDiaryAnywhere(both)).toBe(true);
		expect(keepsDiaryAnywhere(principals.chief)).toBe(false);
		expect(keepsDiaryAnywhere(principals['street office'])).toBe(false);
		expect(keepsDiaryAnywhere(principals['property company'])).toBe(false);
	});

	it('the list of diaries is for the secretary, the chiefs and the street office', () => {
		expect(Object.entries(readers).filter(([, s]) => mayReviewDiaries(s)).map(([name]) => name)).toEqual(['chief', 'other chief', 'secretary', 'street office']);
	});
});

describe('taking part in diaries at all', () => {
	it('secretaries, chiefs, liaisons and the street office do; a property company and nobody do not', () => {
		const answers = Object.fromEntries(Object.entries(principals).map(([role, who]) => [role, mayTakePartInDiaries(who)]));
		expect(answers).toEqual({ secretary: true, chief: true, liaison: true, 'other liaison': true, 'street office': true, 'property company': false });
		expect(mayTakePartInDiaries(nobody)).toBe(false);
	});

	it('agrees with reading: whoever may read some diary takes part', () => {
		const owner: DiaryOwner = { userId: 'someone', places: [{ gridId: 'g1', microGridId: 'm1' }] };
		for (const who of Object.values(principals)) if (mayReadDiary(standingIn(who, community), owner)) expect(mayTakePartInDiaries(who)).toBe(true);
	});
});
