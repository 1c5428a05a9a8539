import { json } from '@sveltejs/kit';
import { database } from '$lib/server/db';
import { liveHub, type LiveStats } from '$lib/server/live-hub';
import type { RequestHandler } from './$types';

const offline: LiveStats = { docsLoaded: 0, connections: 0, redis: 'off', pendingWrites: 0, persistenceError: null, writesSetAside: 0 };

function within<T>(promise: Promise<T>, ms: number): Promise<T> {
	return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`timeout after ${ms / 1000} s`)), ms))]);
}

/**
 * States only, for anyone: `db` is the kind, `database` ok | down, `persistence` ok | failing.
 * Error text (hosts, users, SQL) goes to the log, never to the answer.
 */
export const GET: RequestHandler = async () => {
	const handle = database();
	const hub = liveHub();
	const live = hub ? await within(hub.stats(), 3000).catch(() => ({ ...offline, redis: 'down' as const })) : offline;
	const persistence = live.persistenceError === null ? 'ok' : 'failing';
	// A fixed code in place of the commit error's text; tests and monitors test it against null.
	const states = { ...live, persistenceError: persistence === 'ok' ? null : 'commit-failing', persistence };
	try {
		await within(handle.ping(), 3000);
	} catch (error) {
		console.error('/healthz: database not answering', error);
		return json({ ok: false, db: handle.kind, database: 'down', ...states }, { status: 503 });
	}
	const ok = live.redis !== 'down' && persistence === 'ok';
	return json({ ok, db: handle.kind, database: 'ok', ...states }, { status: ok ? 200 : 503 });
};
