/**
 * Notices: what 网格通 tells people outside the app (group robots, Web Push), and to whom.
 * Each notice is recorded once under its key; see `src/lib/server/notify/`.
 */

export const robotPlatforms = ['wecom', 'dingtalk', 'feishu'] as const;
export type RobotPlatform = (typeof robotPlatforms)[number];

/** Whose group a robot posts in: the community's (secretary), a grid's (chiefs), a company's. */
export type RobotScope = 'community' | 'grid' | 'org';

export const noticeKinds = [
	/** A task was dispatched: the grids of its scope, the liaisons of its buildings. */
	'task-dispatched',
	/** A roll-call reminder: who has not acknowledged yet. */
	'task-reminder',
	/** The morning after a task's due time: each liaison's coverage. */
	'task-morning',
	/** A matter was routed: the destination's group and people. */
	'matter-routed',
	/** 督办: a reminder on a routed matter. */
	'matter-reminded',
	/** A matter passed its due time unfinished. */
	'matter-overdue',
	/** A matter was resolved and waits for verification by its reporter (or chief, secretary). */
	'matter-resolved',
	/** The secretary's weekly digest before the 会商. */
	'weekly-digest',
	/** The "send a test message" button of a robot. */
	'robot-test'
] as const;
export type NoticeKind = (typeof noticeKinds)[number];

/** What a notice is about: ids only; messages are written when the notice is fanned out. */
export type NoticeSubject = {
	taskId?: string;
	/** The nth roll-call reminder of a task. */
	reminder?: number;
	matterId?: string;
	/** The matter event that caused it (route, remind, resolve). */
	eventId?: number;
	/** A weekly digest: the Monday (yyyy-mm-dd, community time) of its week. */
	week?: string;
	robotId?: string;
};

/** Deduplication keys: a notice recorded twice (two instances, a retry) is one notice. */
export const noticeKey = {
	taskDispatched: (taskId: string) => `task-dispatched:${taskId}`,
	taskReminder: (taskId: string, n: number) => `task-reminder:${taskId}:${n}`,
	taskMorning: (taskId: string, dueAt: number) => `task-morning:${taskId}:${dueAt}`,
	matterEvent: (kind: 'matter-routed' | 'matter-reminded' | 'matter-resolved', eventId: number) => `${kind}:${eventId}`,
	matterOverdue: (matterId: string, dueAt: number) => `matter-overdue:${matterId}:${dueAt}`,
	weeklyDigest: (communityId: string, week: string) => `weekly-digest:${communityId}:${week}`,
	robotTest: (robotId: string, at: number) => `robot-test:${robotId}:${at}`
};
