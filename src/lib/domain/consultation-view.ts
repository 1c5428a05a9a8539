/**
 * What the consultations API and the 会商 pages show of a weekly meeting (times are epoch
 * milliseconds). Decisions are the ordinary matter actions posted with the meeting's id.
 */
import type { MatterStatus } from './matters';

export type ConsultationView = {
	id: string;
	communityId: string;
	startedAt: number;
	startedByName: string;
	/** Null while the meeting is open. */
	endedAt: number | null;
	attendees: string[];
	notes: string;
	/** Matters still awaiting routing (or checking) when the meeting ended. */
	carriedOver: string[];
};

export const decisionActions = ['route', 'merge', 'reject'] as const;
export type DecisionAction = (typeof decisionActions)[number];

/** One line of the minutes: a matter and what the meeting decided about it. */
export type MinutesDecision = {
	matterId: string;
	at: number;
	action: DecisionAction;
	byName: string;
	/** The category's path in the reader's language. */
	categoryLabel: string;
	place: string | null;
	description: string;
	/** Route: the handler's name. */
	destinationName: string | null;
	/** Merge: the matter it was merged into. */
	into: string | null;
	/** Reject: the reason; route: the note, if any. */
	note: string;
};

export type MinutesItem = { matterId: string; categoryLabel: string; place: string | null; description: string; status: MatterStatus };

export type ConsultationMinutes = ConsultationView & {
	communityName: string;
	decisions: MinutesDecision[];
	carriedOverItems: MinutesItem[];
};
