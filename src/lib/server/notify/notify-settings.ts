import type { RobotPlatform } from '../../domain/notices';

/**
 * The notifier's knobs. Production uses the defaults; tests shorten the times through the
 * environment (a lease of 2 s instead of 60 s lets a restarted instance take over quickly).
 */
export type NotifySettings = {
	/** How often an instance looks for work when nothing woke it. */
	pollMs: number;
	/** How long a leased delivery belongs to the instance that leased it. */
	leaseMs: number;
	/** Deliveries one instance leases at a time (small in tests, so that instances interleave). */
	leaseBatch: number;
	/** The platforms' rate window; 企业微信 and 钉钉 allow 20 messages a minute per robot. */
	rateWindowMs: number;
	/** Test hook: wait this long between leasing a delivery and sending it (0 in production). */
	pauseBeforeSendMs: number;
	/** The first wait after a failed attempt; each further one doubles, to at most an hour. */
	retryBaseMs: number;
	/** Give up after this many failed attempts; the settings page shows the last error. */
	maxAttempts: number;
	/** A platform gets this long to answer. */
	sendTimeoutMs: number;
	/** Extra hosts (host or host:port) robots and push endpoints may point at; tests add the loopback. */
	extraHosts: string[];
};

export const ratePerWindow: Record<RobotPlatform, number> = { wecom: 20, dingtalk: 20, feishu: 100 };

const number = (value: string | undefined, fallback: number, min: number, max: number) => {
	const parsed = Number(value);
	return value?.trim() && Number.isFinite(parsed) ? Math.min(Math.max(Math.round(parsed), min), max) : fallback;
};

export function readNotifySettings(env: NodeJS.ProcessEnv = process.env): NotifySettings {
	return {
		pollMs: number(env.NOTIFY_POLL_MS, 2000, 50, 60_000),
		leaseMs: number(env.NOTIFY_LEASE_MS, 60_000, 500, 600_000),
		leaseBatch: number(env.NOTIFY_LEASE_BATCH, 100, 1, 1000),
		rateWindowMs: number(env.NOTIFY_RATE_WINDOW_MS, 60_000, 500, 3_600_000),
		pauseBeforeSendMs: number(env.NOTIFY_PAUSE_BEFORE_SEND_MS, 0, 0, 600_000),
		retryBaseMs: number(env.NOTIFY_RETRY_BASE_MS, 5000, 10, 600_000),
		maxAttempts: number(env.NOTIFY_MAX_ATTEMPTS, 8, 1, 50),
		sendTimeoutMs: number(env.NOTIFY_SEND_TIMEOUT_MS, 10_000, 100, 60_000),
		extraHosts: (env.NOTIFY_ALLOWED_HOSTS ?? '')
			.split(',')
			.map((host) => host.trim().toLowerCase())
			.filter(Boolean)
	};
}
