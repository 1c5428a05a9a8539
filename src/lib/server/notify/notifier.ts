import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { and, inArray, isNotNull, lt } from 'drizzle-orm';
import { db } from '../db';
import { noticeDeliveries, notices } from '../db/schema';
import { fanOutNotices } from './fan-out';
import { onNotifierWake } from './notifier-wake';
import { readNotifySettings, type NotifySettings } from './notify-settings';
import { leaseDue } from './outbox-lease';
import { sendLeased } from './outbox-send';
import { planNotices } from './planners';

/** Sent and failed deliveries, and their notices, are kept this long for the settings page. */
const keepDays = 30;
const cleanupEveryMs = 3_600_000;

export type Notifier = { stop(): Promise<void>; tick(): Promise<void> };

/**
 * The notifier of one instance: every poll (or when a service recorded a notice) it plans
 * notices, fans them out into the outbox and sends what is due. Every instance runs one; the
 * outbox's leases keep each message to one sender. Nothing here ever throws into a request.
 */
export function startNotifier(origin: string, settings: NotifySettings = readNotifySettings()): Notifier {
	const owner = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
	let timer: NodeJS.Timeout | null = null;
	let running: Promise<void> | null = null;
	let again = false;
	let stopped = false;
	let lastCleanup = 0;

	const round = async () => {
		const now = new Date();
		await planNotices(now);
		const fanned = await fanOutNotices(origin, now);
		const leased = await leaseDue(owner, settings, now);
		if (leased.length && settings.pauseBeforeSendMs > 0) {
			console.log(`notifier: leased ${leased.length} deliveries, pausing ${settings.pauseBeforeSendMs} ms before sending (NOTIFY_PAUSE_BEFORE_SEND_MS)`);
			await new Promise((resolve) => setTimeout(resolve, settings.pauseBeforeSendMs));
		}
		if (leased.length) await sendLeased(owner, leased, settings);
		if (Date.now() - lastCleanup > cleanupEveryMs) {
			lastCleanup = Date.now();
			await cleanup(now);
		}
		// A full batch means more may be waiting: go on at once.
		if (fanned >= 50 || leased.length >= settings.leaseBatch) again = true;
	};

	const tick = (): Promise<void> => {
		if (stopped) return Promise.resolve();
		if (running) {
			again = true;
			return running;
		}
		if (timer) clearTimeout(timer);
		running = round()
			.catch((caught) => console.error('notifier: a round failed; the next one retries', caught))
			.finally(() => {
				running = null;
				if (stopped) return;
				const soon = again;
				again = false;
				timer = setTimeout(() => void tick(), soon ? 0 : settings.pollMs);
				timer.unref();
			});
		return running;
	};

	onNotifierWake(() => void tick());
	timer = setTimeout(() => void tick(), 0);
	timer.unref();
	return {
		tick,
		stop: async () => {
			stopped = true;
			onNotifierWake(null);
			if (timer) clearTimeout(timer);
			await running;
		}
	};
}

async function cleanup(now: Date): Promise<void> {
	const before = new Date(now.getTime() - keepDays * 86_400_000);
	await db().delete(noticeDeliveries).where(and(inArray(noticeDeliveries.status, ['sent', 'failed']), lt(noticeDeliveries.createdAt, before)));
	await db().delete(notices).where(and(isNotNull(notices.fannedOutAt), lt(notices.createdAt, before)));
}
