import { createHash, timingSafeEqual } from 'node:crypto';

export type MetricsAccess = { ok: true } | { ok: false; status: 401 | 403 };

const loopback = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

const digest = (text: string) => createHash('sha256').update(text).digest();

/**
 * Who may scrape /metrics: with METRICS_TOKEN set, whoever sends it as a bearer token (from
 * anywhere: behind a proxy on this machine every client looks local); without it, only this
 * machine (the socket's address is the loopback one).
 */
export function metricsAccess(request: { authorization: string | null; clientAddress: string }, token: string | undefined): MetricsAccess {
	if (token) {
		const sent = /^Bearer (.+)$/i.exec(request.authorization ?? '')?.[1] ?? '';
		return timingSafeEqual(digest(sent), digest(token)) ? { ok: true } : { ok: false, status: 401 };
	}
	return loopback.has(request.clientAddress) ? { ok: true } : { ok: false, status: 403 };
}
