/**
 * What an answer of the API means for an unsent report or diary change: done, try again later, or
 * refused for good (kept, with the server's words, for the liaison to fix or discard).
 */
import * as m from '$lib/paraglide/messages';

/** The server's "no" to a report or one of its photos, in the user's language. */
export type Refusal = { status: number; message: string; code: string | null };

export type Answer<T> = { kind: 'ok'; body: T } | { kind: 'retry'; reason: string } | { kind: 'refused'; refusal: Refusal };

/**
 * 4xx answers that decided nothing about the report: a session that expired (it goes again once
 * the liaison has signed in), a timeout, too many requests.
 */
const undecided = new Set([401, 408, 425, 429]);

/** 0 stands for no answer at all (no network, a timeout). Redirects are a login page in disguise. */
export function answerKind(status: number): Answer<unknown>['kind'] {
	if (status >= 200 && status < 300) return 'ok';
	if (status >= 400 && status < 500 && !undecided.has(status)) return 'refused';
	return 'retry';
}

function fallbackMessage(status: number): string {
	if (status === 413) return m.matter_photo_too_large();
	if (status === 415) return m.matter_photo_not_image();
	return m.matter_send_refused({ status: String(status) });
}

/** The refusal of a 4xx answer: its `{ error, code }` when it has them, else words for the status. */
export function refusalOf(status: number, body: unknown): Refusal {
	const fields = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
	const message = typeof fields.error === 'string' && fields.error.trim() ? fields.error.trim() : fallbackMessage(status);
	return { status, message, code: typeof fields.code === 'string' ? fields.code : null };
}

/**
 * Reads an answer. A 2xx whose body is not what the contract promises is tried again: every
 * request the outbox sends may be repeated (photos cost a new upload, matters go by clientKey).
 */
export function answerOf<T>(status: number, body: unknown, isBody: (value: unknown) => value is T): Answer<T> {
	const kind = answerKind(status);
	if (kind === 'refused') return { kind, refusal: refusalOf(status, body) };
	if (kind === 'ok' && isBody(body)) return { kind, body };
	return { kind: 'retry', reason: kind === 'ok' ? `unexpected answer to HTTP ${status}` : `HTTP ${status}` };
}
