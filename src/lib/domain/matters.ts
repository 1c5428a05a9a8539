/**
 * Matters (事项): problems found in the community, from report to verified. This is the state
 * machine: which action may start from which status and where it leads. Who may take an action
 * is the policy's (`mayActOnMatter` in `permissions.ts`); `decideMatterAction` asks both, so the
 * API answers 403 for a role that may not and 409 for a status the action cannot start from.
 */
import { mayActOnMatter, type MatterSubject, type Standing } from './permissions';

/**
 * As the API spells them. `reported` waits for routing (a returned matter comes back here);
 * `routed` waits for 签收; `resolved` waits for verification; a resident's report starts
 * `unverified` until someone checks it on site.
 */
export const matterStatuses = ['unverified', 'reported', 'routed', 'accepted', 'resolved', 'closed', 'rejected', 'merged'] as const;
export type MatterStatus = (typeof matterStatuses)[number];

export const matterActions = ['confirm', 'route', 'merge', 'reject', 'accept', 'return', 'extend', 'decide-extension', 'remind', 'resolve', 'verify'] as const;
export type MatterAction = (typeof matterActions)[number];

export const destinationKinds = ['property', 'community', 'street'] as const;
export type DestinationKind = (typeof destinationKinds)[number];

/** Who handles a routed matter: a property company, a named community staff member, or the street office. */
export type MatterDestination =
	| { kind: 'property'; orgId: string }
	| { kind: 'community'; userId: string }
	| { kind: 'street'; streetId: string };

/** Closed, rejected and merged matters take no more actions; nothing is ever deleted. */
export const finalStatuses: readonly MatterStatus[] = ['closed', 'rejected', 'merged'];

export type MatterState = MatterSubject & {
	status: MatterStatus;
	/** A handler's 延期申请 waits for the secretary's decision. */
	extensionPending: boolean;
};

type Move = { from: readonly MatterStatus[]; to: (state: MatterState, input: MatterInput) => MatterStatus; when?: (state: MatterState) => boolean };

/** What an action carries that changes where it leads: a verification passes or fails. */
export type MatterInput = { pass?: boolean };

const stay = (state: MatterState) => state.status;

const moves: Record<MatterAction, Move> = {
	confirm: { from: ['unverified'], to: () => 'reported' },
	route: { from: ['reported'], to: () => 'routed' },
	merge: { from: ['unverified', 'reported'], to: () => 'merged' },
	reject: { from: ['unverified', 'reported'], to: () => 'rejected' },
	accept: { from: ['routed'], to: () => 'accepted' },
	// 退单: back to the routing queue, before or after 签收.
	return: { from: ['routed', 'accepted'], to: () => 'reported' },
	extend: { from: ['accepted'], to: stay, when: (state) => !state.extensionPending },
	'decide-extension': { from: ['accepted'], to: stay, when: (state) => state.extensionPending },
	remind: { from: ['routed', 'accepted'], to: stay },
	resolve: { from: ['accepted'], to: () => 'resolved' },
	// 不通过 sends it back to the handler, the deadline running on.
	verify: { from: ['resolved'], to: (_, input) => (input.pass ? 'closed' : 'accepted') }
};

export type MatterDecision = { ok: true; to: MatterStatus } | { ok: false; refusal: 'forbidden' } | { ok: false; refusal: 'conflict'; status: MatterStatus };

/** Where `action` leads from the matter's status, or null when it cannot start there. */
export function matterTransition(state: MatterState, action: MatterAction, input: MatterInput = {}): MatterStatus | null {
	const move = moves[action];
	if (!move.from.includes(state.status) || (move.when && !move.when(state))) return null;
	return move.to(state, input);
}

/** The policy first (403 whatever the status), then the state machine (409 with the current status). */
export function decideMatterAction(standing: Standing, state: MatterState, action: MatterAction, input: MatterInput = {}): MatterDecision {
	if (!mayActOnMatter(standing, action, state)) return { ok: false, refusal: 'forbidden' };
	const to = matterTransition(state, action, input);
	return to === null ? { ok: false, refusal: 'conflict', status: state.status } : { ok: true, to };
}
