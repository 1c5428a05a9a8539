import { json } from '@sveltejs/kit';
import { database } from '$lib/server/db';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async () => {
	const handle = database();
	// Redis carries sync traffic between instances; no code path uses it before the sync server lands.
	const redis = 'off';
	try {
		await Promise.race([
			handle.ping(),
			new Promise((_, reject) => setTimeout(() => reject(new Error('timeout after 3 s')), 3000))
		]);
		return json({ ok: true, db: handle.kind, redis, docsLoaded: 0, connections: 0 });
	} catch (error) {
		const reason = error instanceof Error ? error.message : String(error);
		return json({ ok: false, db: handle.kind, redis, error: `database not answering: ${reason}` }, { status: 503 });
	}
};
