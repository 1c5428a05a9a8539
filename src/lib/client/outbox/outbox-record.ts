/**
 * What every record of an outbox on the phone has (a reported matter, a diary change) and the
 * changes of its sending state, as pure functions: the senders, the send loop and the screens
 * call these, the tests pin them down.
 *
 *   waiting ──the server confirmed──▶ sent ──the server's list shows it──▶ gone
 *      │  ▲ no answer, 5xx: back off and try again
 *      └──4xx──▶ refused (kept with the server's words until the user fixes or discards it)
 */
import { retryDelay } from './retry-delay';
import type { Refusal } from './send-answer';

export type SendState = 'waiting' | 'sent' | 'refused';

export type OutboxRecord = {
	createdAt: number;
	state: SendState;
	/** Failed tries in a row; the wait before the next one grows with it. */
	failures: number;
	nextTryAt: number;
	refusal: Refusal | null;
	sentAt: number | null;
};

/**
 * 32 hex digits, made once per report or diary entry: the server answers a repeated POST with
 * what it made the first time. `crypto.getRandomValues` works on plain http too (randomUUID
 * needs https).
 */
export function newId(fill: (bytes: Uint8Array<ArrayBuffer>) => Uint8Array = (bytes) => crypto.getRandomValues(bytes)): string {
	return Array.from(fill(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** The sending state of a record just written (or written again): due at once. */
export const freshState = (now: number) => ({ state: 'waiting' as const, failures: 0, nextTryAt: now, refusal: null, sentAt: null });

export function markRefused<R extends OutboxRecord>(record: R, refusal: Refusal): R {
	return { ...record, state: 'refused', refusal };
}

export function markFailed<R extends OutboxRecord>(record: R, now: number, random: number): R {
	const failures = record.failures + 1;
	return { ...record, failures, nextTryAt: now + retryDelay(failures, random) };
}

/** Waiting and its wait is over; `force` (back online, socket reconnected) ends every wait. */
export function isDue(record: OutboxRecord, now: number, force = false): boolean {
	return record.state === 'waiting' && (force || record.nextTryAt <= now);
}

/** When the earliest waiting record is due, or null when none waits. */
export function nextWakeAt(records: readonly OutboxRecord[]): number | null {
	const times = records.filter((record) => record.state === 'waiting').map((record) => record.nextTryAt);
	return times.length > 0 ? Math.min(...times) : null;
}

/** Not on the server: waiting or refused. Signing out would delete these. */
export const isUnsent = (record: OutboxRecord): boolean => record.state !== 'sent';

/** How long a sent record stays when the page that would show it is never loaded again. */
export const sentKeepMs = 24 * 60 * 60_000;

export const oldestFirst = <R extends OutboxRecord>(records: readonly R[]): R[] => [...records].sort((a, b) => a.createdAt - b.createdAt);
export const newestFirst = <R extends OutboxRecord>(records: readonly R[]): R[] => [...records].sort((a, b) => b.createdAt - a.createdAt);
