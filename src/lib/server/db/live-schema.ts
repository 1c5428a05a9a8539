import { bigint, bigserial, customType, index, integer, jsonb, pgTable, primaryKey, smallint, text, timestamp } from 'drizzle-orm/pg-core';

/** postgres.js hands back a Buffer, PGlite a Uint8Array; callers always get a Uint8Array. */
export const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
	dataType: () => 'bytea',
	fromDriver: (value) => new Uint8Array(value.buffer, value.byteOffset, value.byteLength)
});

/** The append-only log of accepted Yjs updates, one row per update; compaction folds rows into a snapshot. */
export const yjsUpdates = pgTable(
	'yjs_updates',
	{
		id: bigserial('id', { mode: 'number' }).primaryKey(),
		doc: text('doc').notNull(),
		update: bytea('update').notNull(),
		// Null for the server's own writes (signals, archiving).
		userId: text('user_id'),
		clientId: bigint('client_id', { mode: 'number' }),
		at: timestamp('at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('yjs_updates_doc_idx').on(t.doc, t.id)]
);

export const yjsSnapshots = pgTable('yjs_snapshots', {
	doc: text('doc').primaryKey(),
	state: bytea('state').notNull(),
	/** How `state` holds the Yjs update: see `server/sync/snapshot-codec.ts`. Rows from before 0012 are 0. */
	codec: smallint('codec').notNull().default(0),
	updatesFolded: integer('updates_folded').notNull(),
	at: timestamp('at', { withTimezone: true }).notNull().defaultNow()
});

/** A Yjs client id belongs to the user who first wrote with it; nobody else may write with it. */
export const yjsClientIds = pgTable(
	'yjs_client_ids',
	{
		doc: text('doc').notNull(),
		clientId: bigint('client_id', { mode: 'number' }).notNull(),
		userId: text('user_id').notNull(),
		at: timestamp('at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [primaryKey({ columns: [t.doc, t.clientId] })]
);

/** Door-by-door progress as rows, so reports and history never parse Yjs. */
export const progressEvents = pgTable(
	'progress_events',
	{
		id: bigserial('id', { mode: 'number' }).primaryKey(),
		communityId: text('community_id').notNull(),
		taskId: text('task_id').notNull(),
		buildingId: text('building_id').notNull(),
		householdCode: text('household_code').notNull(),
		// visited | absent | refused | issue, or cleared when the mark was removed.
		status: text('status').notNull(),
		note: text('note'),
		userId: text('user_id'),
		recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
		storedAt: timestamp('stored_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('progress_events_task_idx').on(t.taskId, t.buildingId, t.householdCode, t.id),
		// Coverage (oversight): a building's marks of a period, and its last visit, backwards from a time.
		index('progress_events_building_time_idx').on(t.communityId, t.buildingId, t.recordedAt),
		// A liaison's last activity: its latest mark.
		index('progress_events_user_time_idx').on(t.communityId, t.userId, t.recordedAt)
	]
);

/** The latest known state of every task of every community document, kept by the sync server. */
export const tasks = pgTable(
	'tasks',
	{
		id: text('id').primaryKey(),
		communityId: text('community_id').notNull(),
		title: text('title').notNull().default(''),
		kind: text('kind').notNull().default('custom'),
		instructions: text('instructions').notNull().default(''),
		status: text('status').notNull().default('open'),
		round: integer('round').notNull().default(1),
		roundOf: text('round_of'),
		createdBy: text('created_by'),
		createdAt: timestamp('created_at', { withTimezone: true }),
		dueAt: timestamp('due_at', { withTimezone: true }),
		// When the task was first closed; kept while it stays closed, cleared when it is reopened.
		closedAt: timestamp('closed_at', { withTimezone: true }),
		scope: jsonb('scope').$type<string[]>().notNull().default([]),
		// Roll-call reminders sent (entries of `tasks.<id>.reminders`).
		reminders: integer('reminders').notNull().default(0),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('tasks_community_idx').on(t.communityId, t.status),
		index('tasks_round_of_idx').on(t.roundOf),
		// The notifier's planners look for tasks changed in the last seconds, on every instance.
		index('tasks_updated_idx').on(t.updatedAt),
		index('tasks_due_idx').on(t.dueAt)
	]
);

/**
 * Where the structs of an archived task sat (`server/sync/archived-paths.ts`), kept for the late
 * window: a phone that marked offline across the archive refers to them, and Yjs has forgotten
 * everything but their ids. Dropped once the window has passed.
 */
export const taskArchivePaths = pgTable(
	'task_archive_paths',
	{
		taskId: text('task_id').primaryKey(),
		communityId: text('community_id').notNull(),
		archivedAt: timestamp('archived_at', { withTimezone: true }).notNull().defaultNow(),
		paths: bytea('paths').notNull()
	},
	(t) => [index('task_archive_paths_community_idx').on(t.communityId, t.archivedAt)]
);

/** Acknowledgements (收到) of tasks, one row per task and user, kept by the sync server. */
export const taskAcks = pgTable(
	'task_acks',
	{
		taskId: text('task_id').notNull(),
		communityId: text('community_id').notNull(),
		userId: text('user_id').notNull(),
		ackedAt: timestamp('acked_at', { withTimezone: true }).notNull(),
		storedAt: timestamp('stored_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		primaryKey({ columns: [t.taskId, t.userId] }),
		// A liaison's last activity: its latest acknowledgement.
		index('task_acks_user_time_idx').on(t.communityId, t.userId, t.ackedAt)
	]
);
