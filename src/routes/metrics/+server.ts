import { env } from '$env/dynamic/private';
import { liveHub } from '$lib/server/live-hub';
import { metricsAccess } from '$lib/server/metrics-access';
import type { RequestHandler } from './$types';

const refusals = {
	401: 'Send METRICS_TOKEN as a bearer token.\n',
	403: 'Metrics are served to this machine only; set METRICS_TOKEN to scrape from elsewhere.\n'
};

/** Prometheus text of the sync server of this process, for this machine or the holder of METRICS_TOKEN. */
export const GET: RequestHandler = ({ request, getClientAddress }) => {
	const access = metricsAccess({ authorization: request.headers.get('authorization'), clientAddress: getClientAddress() }, env.METRICS_TOKEN);
	if (!access.ok) {
		const headers: Record<string, string> = { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' };
		if (access.status === 401) headers['www-authenticate'] = 'Bearer realm="metrics"';
		return new Response(refusals[access.status], { status: access.status, headers });
	}
	const body = liveHub()?.metricsText() ?? '# the sync server is not running in this process\n';
	return new Response(body, { headers: { 'content-type': 'text/plain; version=0.0.4; charset=utf-8', 'cache-control': 'no-store' } });
};
