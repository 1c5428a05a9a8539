/**
 * What the diary API and pages send about a liaison's day: the same shapes for the liaison's
 * own page, the chief's and secretary's reading, and `GET /api/diaries`.
 */
import type { DiaryDate } from './diary-dates';
import type { MatterStatus } from './matters';

/** Bounds of what a person may write; the server refuses more, the forms say so first. */
export const diaryLimits = {
	problem: 500,
	action: 500,
	result: 500,
	entriesPerDay: 30,
	comment: 300,
	commentsPerDay: 50,
	/** How far back a liaison may still write: catching up after a few days off, not rewriting history. */
	writableDays: 31
} as const;

/** Households reached, by the status of their latest mark: the sum is `households`. */
export type VisitCounts = { households: number; visited: number; absent: number; refused: number; issue: number };

export type DiaryBuilding = VisitCounts & { buildingId: string; label: string };

export type DiaryVisits = VisitCounts & { buildings: DiaryBuilding[] };

/** A task acknowledged (收到) that day. */
export type DiaryAck = { taskId: string; title: string; at: number };

/** What the liaison did with a matter that day. */
export const diaryMatterActs = ['reported', 'handled-on-spot', 'confirmed', 'verified', 'sent-back'] as const;
export type DiaryMatterAct = (typeof diaryMatterActs)[number];

export type DiaryMatter = {
	matterId: string;
	act: DiaryMatterAct;
	at: number;
	description: string;
	buildingLabel: string | null;
	status: MatterStatus;
};

/** 问题 – 处理措施 – 反馈结果, optionally about a matter. `id` is made by the phone that wrote it. */
export type DiaryEntry = {
	id: string;
	problem: string;
	action: string;
	result: string;
	matterId: string | null;
	createdAt: number;
	updatedAt: number;
};

/** 点评 by a chief, 抽查 by the secretary. */
export type DiaryCommentKind = 'review' | 'check';

export type DiaryComment = { id: string; kind: DiaryCommentKind; authorId: string; authorName: string; text: string; at: number };

/** One liaison's day, as `GET /api/diaries?userId=&date=` answers it. */
export type DiaryDay = VisitCounts & {
	userId: string;
	userName: string;
	communityId: string;
	date: DiaryDate;
	done: boolean;
	doneAt: number | null;
	buildings: DiaryBuilding[];
	acks: DiaryAck[];
	matters: DiaryMatter[];
	entries: DiaryEntry[];
	comments: DiaryComment[];
	/** What the reader may do with it now (asked of the policy on the server). */
	may: { write: boolean; comment: boolean };
};

/** A day of the month list: the figures and the marks a glance needs. */
export type DiaryMonthDay = { date: DiaryDate; households: number; entries: number; comments: number; done: boolean };

/** A liaison in the chief's or secretary's list of diaries for one day. */
export type DiaryTeamRow = {
	userId: string;
	name: string;
	microGrids: string[];
	gridName: string;
	households: number;
	entries: number;
	comments: number;
	done: boolean;
};

/** A matter an entry may be linked to, as the entry form lists it. */
export type LinkableMatter = { id: string; description: string; buildingLabel: string | null };
