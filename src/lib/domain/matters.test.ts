import { describe, expect, it } from 'vitest';
import { standing } from '../../../tests/fixtures/standings';
import {
	decideMatterAction,
	finalStatuses,
	matterActions,
	matterStatuses,
	matterTransition,
	type MatterAction,
	type MatterDestination,
	type MatterState,
	type MatterStatus
} from './matters';
import { maySeeMatter, mayReportMatter, type Standing } from './permissions';

/** The matter lies in grid g1, micro-grid m1, and was reported by the liaison of m1. */
const roles = {
	secretary: standing({ userId: 'u-sec', secretary: true }),
	chief: standing({ userId: 'u-chief', chiefGridIds: ['g1'] }),
	'other chief': standing({ userId: 'u-chief2', chiefGridIds: ['g2'] }),
	'liaison (reporter)': standing({ userId: 'u-liaison', liaisonMicroGridIds: ['m1'] }),
	'other liaison': standing({ userId: 'u-liaison2', liaisonMicroGridIds: ['m2'] }),
	'community staff': standing({ userId: 'u-staff', liaisonMicroGridIds: ['m9'] }),
	property: standing({ userId: 'u-prop', member: false, propertyOrgIds: ['o1'] }),
	'other property': standing({ userId: 'u-prop2', member: false, propertyOrgIds: ['o2'] }),
	street: standing({ userId: 'u-street', member: false, watcher: true })
} satisfies Record<string, Standing>;
type RoleName = keyof typeof roles;

const destinations: Record<string, MatterDestination> = {
	property: { kind: 'property', orgId: 'o1' },
	community: { kind: 'community', userId: 'u-staff' },
	street: { kind: 'street', streetId: 's1' }
};
const handlerOf: Record<MatterDestination['kind'], RoleName> = { property: 'property', community: 'community staff', street: 'street' };

// The expected tables, written out as the issue states them; everything not listed is refused.

function expectedRoles(action: MatterAction, urgent: boolean, destination: MatterDestination | null): RoleName[] {
	switch (action) {
		case 'confirm':
			return ['secretary', 'chief', 'liaison (reporter)'];
		case 'route':
		case 'merge':
		case 'reject':
			return urgent ? ['secretary', 'chief'] : ['secretary'];
		case 'accept':
		case 'return':
		case 'extend':
		case 'resolve':
			return destination ? [handlerOf[destination.kind]] : [];
		case 'decide-extension':
			return ['secretary'];
		case 'remind':
			return ['secretary', 'chief'];
		case 'verify':
			return ['secretary', 'chief', 'liaison (reporter)'];
	}
}

const expectedFrom: Record<MatterAction, MatterStatus[]> = {
	confirm: ['unverified'],
	route: ['reported'],
	merge: ['unverified', 'reported'],
	reject: ['unverified', 'reported'],
	accept: ['routed'],
	return: ['routed', 'accepted'],
	extend: ['accepted'],
	'decide-extension': ['accepted'],
	remind: ['routed', 'accepted'],
	resolve: ['accepted'],
	verify: ['resolved']
};

function expectedTo(action: MatterAction, status: MatterStatus, pass: boolean): MatterStatus {
	const to: Partial<Record<MatterAction, MatterStatus>> = { confirm: 'reported', route: 'routed', merge: 'merged', reject: 'rejected', accept: 'accepted', return: 'reported', resolve: 'resolved' };
	if (action === 'verify') return pass ? 'closed' : 'accepted';
	return to[action] ?? status;
}

function matter(status: MatterStatus, overrides: Partial<MatterState> = {}): MatterState {
	return { status, gridId: 'g1', microGridId: 'm1', reportedBy: 'u-liaison', urgent: false, destination: null, extensionPending: false, ...overrides };
}

describe('every action × status × role', () => {
	for (const [name, destination] of Object.entries({ none: null, ...destinations })) {
		it(`agrees with the tables, destination ${name}`, () => {
			let checked = 0;
			for (const status of matterStatuses)
				for (const action of matterActions)
					for (const urgent of [false, true])
						for (const extensionPending of [false, true])
							for (const pass of [true, false])
								for (const [role, who] of Object.entries(roles) as [RoleName, Standing][]) {
									const state = matter(status, { urgent, destination, extensionPending });
									const decision = decideMatterAction(who, state, action, { pass });
									const allowedRole = expectedRoles(action, urgent, destination).includes(role);
									const pendingFits = action === 'extend' ? !extensionPending : action === 'decide-extension' ? extensionPending : true;
									const allowedFrom = expectedFrom[action].includes(status) && pendingFits;
									const expected = !allowedRole
										? { ok: false, refusal: 'forbidden' }
										: !allowedFrom
											? { ok: false, refusal: 'conflict', status }
											: { ok: true, to: expectedTo(action, status, pass) };
									expect(decision, `${role} · ${action} · ${status} · urgent ${urgent} · pending ${extensionPending} · pass ${pass}`).toEqual(expected);
									checked++;
								}
			expect(checked).toBe(matterStatuses.length * matterActions.length * 2 * 2 * 2 * Object.keys(roles).length);
		});
	}

	it('closed, rejected and merged matters take no action at all', () => {
		for (const status of finalStatuses)
			for (const action of matterActions) expect(matterTransition(matter(status, { destination: destinations.property, extensionPending: true }), action, { pass: true })).toBeNull();
	});
});

describe('a matter’s life', () => {
	it('reported by a liaison, routed to a property company, accepted, resolved, sent back once, then verified closed', () => {
		let state = matter('reported');
		const step = (who: Standing, action: MatterAction, pass?: boolean, changes: Partial<MatterState> = {}) => {
			const decision = decideMatterAction(who, state, action, { pass });
			if (!decision.ok) throw new Error(`${action} refused: ${JSON.stringify(decision)}`);
			state = { ...state, ...changes, status: decision.to };
		};
		step(roles.secretary, 'route', undefined, { destination: destinations.property });
		expect(decideMatterAction(roles['other property'], state, 'accept')).toEqual({ ok: false, refusal: 'forbidden' });
		step(roles.property, 'accept');
		step(roles.property, 'extend', undefined, { extensionPending: true });
		expect(decideMatterAction(roles.property, state, 'extend')).toEqual({ ok: false, refusal: 'conflict', status: 'accepted' });
		step(roles.secretary, 'decide-extension', undefined, { extensionPending: false });
		step(roles.chief, 'remind');
		step(roles.property, 'resolve');
		step(roles['liaison (reporter)'], 'verify', false);
		expect(state.status).toBe('accepted');
		step(roles.property, 'resolve');
		step(roles['liaison (reporter)'], 'verify', true);
		expect(state.status).toBe('closed');
	});

	it('a returned matter goes back to the routing queue', () => {
		const routed = matter('routed', { destination: destinations.community });
		expect(decideMatterAction(roles['community staff'], routed, 'return')).toEqual({ ok: true, to: 'reported' });
	});
});

describe('who sees a matter, and who reports one', () => {
	const routedToProperty = matter('routed', { destination: destinations.property });

	it('sees: secretary, street office, its chief, its liaison, the reporter and the handler; nobody else', () => {
		const seeing = (Object.entries(roles) as [RoleName, Standing][]).filter(([, who]) => maySeeMatter(who, routedToProperty)).map(([role]) => role);
		expect(seeing.sort()).toEqual(['chief', 'liaison (reporter)', 'property', 'secretary', 'street'].sort());
	});

	it('a reporter keeps seeing its report from outside its micro-grid, a property company only what is routed to it', () => {
		expect(maySeeMatter(roles['other liaison'], { ...routedToProperty, reportedBy: 'u-liaison2' })).toBe(true);
		expect(maySeeMatter(roles.property, matter('reported'))).toBe(false);
	});

	it('reports: at a place of its micro-grid, its grids, or anywhere for the secretary', () => {
		const place = { gridId: 'g1', microGridId: 'm1' };
		const reporting = (Object.entries(roles) as [RoleName, Standing][]).filter(([, who]) => mayReportMatter(who, place)).map(([role]) => role);
		expect(reporting.sort()).toEqual(['chief', 'liaison (reporter)', 'secretary'].sort());
		expect(mayReportMatter(roles.secretary, undefined)).toBe(false);
	});
});
