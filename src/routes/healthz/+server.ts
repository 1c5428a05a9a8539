import { json } from '@sveltejs/kit';
import { database } from '$lib/server/db';
import { liveHub, type LiveStats } from '$lib/server/live-hub';
import type { RequestHandler } from './$types';

const offline: LiveStats = { docsLoaded: 0, connections: 0, redis: 'off', pendingWrites: 0, persistenceError: null, writesSetAside: 0 };

function within<T>(promise: Promise<T>, ms: number): Promise<T> {
	return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`timeout after ${ms / 1000} s`)), ms))]);
}

export const GET: RequestHandler = async () => {
	const handle = database();
	const hub = liveHub();
	const live = hub ? await within(hub.stats(), 3000).catch(() => ({ ...offline, redis: 'down' as const })) : offline;
	try {
		await within(handle.ping(), 3000);
	} catch (error) {
		const reason = error instanceof Error ? error.message : String(error);
		return json({ ok: false, db: handle.kind, ...live, error: `database not answering: ${reason}` }, { status: 503 });
	}
	const ok = live.redis !== 'down' && live.persistenceError === null;
	return json({ ok, db: handle.kind, ...live }, { status: ok ? 200 : 503 });
};
