/**
 * What the matters API and pages show of a matter (times are epoch milliseconds). Built on the
 * server; components and tools read the same shape.
 */
import type { Position } from './geojson';
import type { MatterDestination, MatterStatus } from './matters';

/** `report` and `handle-on-spot` open the timeline; the rest are the actions of `matters.ts`. */
export type MatterEventView = {
	at: number;
	by: string;
	byName: string;
	action: string;
	from: MatterStatus | null;
	to: MatterStatus;
	note: string;
	detail: Record<string, unknown>;
	photos: string[];
};

export type MatterSummary = {
	id: string;
	status: MatterStatus;
	category: string;
	buildingId: string | null;
	buildingLabel: string | null;
	gridId: string | null;
	microGridId: string | null;
	point: Position | null;
	description: string;
	urgent: boolean;
	source: 'staff' | 'resident';
	returned: boolean;
	handledOnSpot: boolean;
	reportedBy: string;
	reporterName: string;
	reportedAt: number;
	destination: MatterDestination | null;
	/** The handler's name: the company, the staff member or the street office. */
	destinationName: string | null;
	routedAt: number | null;
	acceptedAt: number | null;
	dueAt: number | null;
	extensionPending: boolean;
	extensionUntil: number | null;
	reminders: number;
	mergedInto: string | null;
	resolvedAt: number | null;
	closedAt: number | null;
	updatedAt: number;
	/** The first photo, for lists. */
	coverPhoto: string | null;
};

export type MatterView = MatterSummary & {
	events: MatterEventView[];
	photos: string[];
	/** A resident's call-back phone, for those `maySeeResidentPhone` lets see it; null for everyone else. */
	residentPhone: string | null;
};

/** Limits of what a client may send. */
export const matterLimits = {
	description: 1000,
	note: 1000,
	reason: 500,
	photos: 6,
	clientKey: 64,
	/** Bytes of one uploaded photo. */
	photoBytes: 10 * 1024 * 1024,
	/** Longest side of a stored photo, and of its thumbnail. */
	photoSide: 2048,
	thumbSide: 320,
	attendees: 40,
	attendeeName: 40,
	minutesNotes: 4000,
	/** How far ahead an extension may reach. */
	extensionDays: 90
} as const;

/** Reasons of a 退单, as the issue names them; `other` carries its own text. */
export const returnReasons = ['wrong-place', 'unclear-ownership', 'not-our-duty', 'other'] as const;
export type ReturnReason = (typeof returnReasons)[number];
