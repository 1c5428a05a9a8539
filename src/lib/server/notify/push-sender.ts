import type { PushMessage } from '../../domain/notice-messages';
import type { pushSubscriptions } from '../db/schema';
import type { SendOutcome } from './send-outcome';

export type PushSubscriptionRow = typeof pushSubscriptions.$inferSelect;

/** Sends one encrypted Web Push. STUB: filled in by the Web Push work. */
export async function sendPush(subscription: PushSubscriptionRow, message: PushMessage, timeoutMs: number): Promise<SendOutcome> {
	void subscription;
	void message;
	void timeoutMs;
	return { ok: false, retry: false, error: 'Web Push is not built yet' };
}
