/**
 * Where a matter stands, as every screen shows it (list rows, pins, the work queue): one word
 * and one colour for a status together with its deadline. Lists, pins and queues ask here.
 */
import { dueState, type DueState } from './matter-deadlines';
import type { MatterStatus } from './matters';

export const matterStages = ['unverified', 'awaiting-routing', 'returned', 'unaccepted', 'in-hand', 'awaiting-verification', 'closed', 'rejected', 'merged'] as const;
export type MatterStage = (typeof matterStages)[number];

type Staged = { status: MatterStatus; returned: boolean };

export function matterStage(matter: Staged): MatterStage {
	switch (matter.status) {
		case 'unverified':
			return 'unverified';
		case 'reported':
			return matter.returned ? 'returned' : 'awaiting-routing';
		case 'routed':
			return 'unaccepted';
		case 'accepted':
			return 'in-hand';
		case 'resolved':
			return 'awaiting-verification';
		default:
			return matter.status;
	}
}

/** Only a routed or accepted matter runs against its due time; the rest are never late. */
export function matterDueState(matter: { status: MatterStatus; dueAt: number | null }, now: number): DueState {
	return matter.status === 'routed' || matter.status === 'accepted' ? dueState(matter.dueAt, now) : 'on-time';
}

/** The colour family of a pin or badge: open, overdue (red), due soon (amber), resolved, closed. */
export type MatterTone = 'open' | 'due-soon' | 'overdue' | 'resolved' | 'closed';

export function matterTone(matter: { status: MatterStatus; dueAt: number | null }, now: number): MatterTone {
	const due = matterDueState(matter, now);
	if (due !== 'on-time') return due;
	if (matter.status === 'resolved') return 'resolved';
	return ['closed', 'rejected', 'merged'].includes(matter.status) ? 'closed' : 'open';
}
