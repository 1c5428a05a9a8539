/**
 * What the consultations API and the 会商 pages show of a weekly meeting (times are epoch
 * milliseconds). Decisions are the ordinary matter actions posted with the meeting's id.
 */
import type { Position } from './geojson';
import type { MatterCategory } from './matter-categories';
import type { PeriodFigures } from './matter-figures';
import type { MatterSummary } from './matter-view';
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

/** Why a matter came back to the queue: the latest 退单. */
export type ReturnNote = { reason: string; reasonKind: string; byName: string; at: number };

export type StaffChoice = { id: string; name: string; role: 'secretary' | 'chief' | 'liaison' };

/** What the 会商 page is sent (`src/routes/consultation/+page.server.ts`). */
export type ConsultationPageData = {
	community: { id: string; name: string };
	/** The viewer chairs (the secretary); everyone else reads. */
	chair: boolean;
	editCategories: boolean;
	/** The meeting under way, if any. */
	meeting: ConsultationView | null;
	/** The latest meetings, newest first, the open one included. */
	meetings: ConsultationView[];
	figures: PeriodFigures;
	/** When the period of the figures began because a meeting ended then (else: 7 days back). */
	previousEndedAt: number | null;
	/** Every open matter the viewer may see; the queue is those awaiting a decision. */
	open: MatterSummary[];
	/** A map point for each matter that has one, its own or its building's. */
	points: Record<string, Position>;
	categories: MatterCategory[];
	photos: Record<string, string[]>;
	returns: Record<string, ReturnNote>;
	/** The company that runs each building's compound, for 派物业. */
	propertyOf: Record<string, { orgId: string; name: string }>;
	staff: StaffChoice[];
};
