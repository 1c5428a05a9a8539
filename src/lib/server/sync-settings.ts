/**
 * The sync server's limits and archiving age from the environment: pure, so the demo seed
 * (`demo/demo-history-seed.ts`) reads the archiving age exactly as the sync server does.
 * `server/sync/settings.ts` re-exports it for the sync server.
 */
import * as v from 'valibot';

const count = (fallback: number, min = 0) =>
	v.optional(v.pipe(v.string(), v.trim(), v.transform(Number), v.number(), v.integer(), v.minValue(min)), String(fallback));

const settingsSchema = v.object({
	// Checking a message costs up to ~0.3 s per MiB (Yjs decoding dominates), and the process
	// answers nobody meanwhile; 1 MiB holds some 13,000 marks, far more than an evening's work.
	SYNC_MAX_MESSAGE_BYTES: count(1024 * 1024, 1024),
	SYNC_RATE_MESSAGES_PER_S: count(50, 1),
	SYNC_BURST_MESSAGES: count(400, 1),
	SYNC_RATE_BYTES_PER_S: count(512 * 1024, 1024),
	SYNC_BURST_BYTES: count(8 * 1024 * 1024, 1024),
	SYNC_AWARENESS_MAX_BYTES: count(8 * 1024, 64),
	SYNC_MAX_BUFFERED_BYTES: count(16 * 1024 * 1024, 64 * 1024),
	SYNC_IDLE_UNLOAD_MS: count(30_000),
	SYNC_KEEPALIVE_MS: count(10_000, 100),
	SYNC_PING_MS: count(15_000, 100),
	SYNC_COMMIT_WINDOW_MS: count(20),
	SYNC_COMPACT_AFTER_ROWS: count(500, 1),
	// Each fold holds a pooled database connection (the pool has 10) for its whole transaction.
	SYNC_COMPACTIONS_AT_ONCE: v.pipe(count(2, 1), v.maxValue(8)),
	SYNC_SESSION_RECHECK_MS: count(60_000, 100),
	SYNC_AUTH_TIMEOUT_MS: count(10_000, 100),
	SYNC_MAX_PENDING_UPGRADES: count(256, 1),
	SYNC_NEW_CLIENTS_PER_UPDATE: count(64, 1),
	SYNC_NEW_CLIENTS_PER_CONNECTION: count(256, 1),
	SYNC_REDIS_REPLAY_MS: count(5 * 60_000, 0),
	// Closed tasks leave the live document after two days: it stays small, and a phone that was
	// offline longer still has its marks stored through the archived paths (TASK_LATE_WINDOW_DAYS).
	TASK_ARCHIVE_AFTER_DAYS: count(2),
	TASK_LATE_WINDOW_DAYS: count(30, 1),
	// Overrides the days when set (tests use a few seconds).
	TASK_ARCHIVE_AFTER_MS: v.optional(v.pipe(v.string(), v.trim(), v.transform(Number), v.number(), v.integer(), v.minValue(0))),
	TASK_ARCHIVE_EVERY_MS: count(3_600_000, 100),
	REDIS_PREFIX: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(100)), 'grid-dispatch:')
});

export type SyncSettings = {
	maxMessageBytes: number;
	rateMessagesPerSecond: number;
	burstMessages: number;
	rateBytesPerSecond: number;
	burstBytes: number;
	awarenessMaxBytes: number;
	maxBufferedBytes: number;
	idleUnloadMs: number;
	keepaliveMs: number;
	pingMs: number;
	commitWindowMs: number;
	compactAfterRows: number;
	/** Folds running at once across all documents; the others wait their turn. */
	compactionsAtOnce: number;
	sessionRecheckMs: number;
	authTimeoutMs: number;
	maxPendingUpgrades: number;
	/** Client ids one update, and one connection in all, may bind to its user (each is a stored binding). */
	newClientsPerUpdate: number;
	newClientsPerConnection: number;
	/** How far back a document being loaded replays the Redis stream (updates accepted elsewhere, not yet stored). */
	redisReplayMs: number;
	/** Closed tasks older than this (by the projection's closedAt) leave the live document. */
	taskArchiveAfterMs: number;
	/** How often a loaded document looks for tasks to archive (also once when it loads). */
	taskArchiveEveryMs: number;
	/** How long after its archive a task still takes late marks (its archived paths are kept so long). */
	taskLateWindowMs: number;
	redisPrefix: string;
};

/** Sync limits from the environment; a bad value stops the server with the variable's name. */
export function readSyncSettings(env: NodeJS.ProcessEnv): SyncSettings {
	const result = v.safeParse(settingsSchema, env);
	if (!result.success) {
		const issue = result.issues[0];
		throw new Error(`Invalid ${v.getDotPath(issue) ?? 'sync setting'}: ${issue.message}`);
	}
	const s = result.output;
	return {
		maxMessageBytes: s.SYNC_MAX_MESSAGE_BYTES,
		rateMessagesPerSecond: s.SYNC_RATE_MESSAGES_PER_S,
		burstMessages: s.SYNC_BURST_MESSAGES,
		rateBytesPerSecond: s.SYNC_RATE_BYTES_PER_S,
		burstBytes: s.SYNC_BURST_BYTES,
		awarenessMaxBytes: s.SYNC_AWARENESS_MAX_BYTES,
		maxBufferedBytes: s.SYNC_MAX_BUFFERED_BYTES,
		idleUnloadMs: s.SYNC_IDLE_UNLOAD_MS,
		keepaliveMs: s.SYNC_KEEPALIVE_MS,
		pingMs: s.SYNC_PING_MS,
		commitWindowMs: s.SYNC_COMMIT_WINDOW_MS,
		compactAfterRows: s.SYNC_COMPACT_AFTER_ROWS,
		compactionsAtOnce: s.SYNC_COMPACTIONS_AT_ONCE,
		sessionRecheckMs: s.SYNC_SESSION_RECHECK_MS,
		authTimeoutMs: s.SYNC_AUTH_TIMEOUT_MS,
		maxPendingUpgrades: s.SYNC_MAX_PENDING_UPGRADES,
		newClientsPerUpdate: s.SYNC_NEW_CLIENTS_PER_UPDATE,
		newClientsPerConnection: s.SYNC_NEW_CLIENTS_PER_CONNECTION,
		redisReplayMs: s.SYNC_REDIS_REPLAY_MS,
		taskArchiveAfterMs: s.TASK_ARCHIVE_AFTER_MS ?? s.TASK_ARCHIVE_AFTER_DAYS * 24 * 3_600_000,
		taskArchiveEveryMs: s.TASK_ARCHIVE_EVERY_MS,
		taskLateWindowMs: s.TASK_LATE_WINDOW_DAYS * 24 * 3_600_000,
		redisPrefix: s.REDIS_PREFIX
	};
}
