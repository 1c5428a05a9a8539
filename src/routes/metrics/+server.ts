import { liveHub } from '$lib/server/live-hub';
import type { RequestHandler } from './$types';

/** Prometheus text of the sync server of this process. */
export const GET: RequestHandler = () => {
	const body = liveHub()?.metricsText() ?? '# the sync server is not running in this process\n';
	return new Response(body, { headers: { 'content-type': 'text/plain; version=0.0.4; charset=utf-8', 'cache-control': 'no-store' } });
};
