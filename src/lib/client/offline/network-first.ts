/**
 * Network first with a deadline. A stairwell with a dead connection must not leave a page
 * spinning: after `timeoutMs` a cached copy, if any, answers while the network keeps trying in
 * the background (and refreshes the cache if it gets through). Without a cached copy the
 * network gets all the time it needs.
 */

/** Statuses a proxy answers when the app server is out of reach: a saved copy is better. */
const unreachable = new Set([502, 503, 504]);

export type NetworkFirstOptions = {
	network: () => Promise<Response>;
	/** A saved copy; `timeout` while the network may still answer, `failed` once it cannot. */
	cached: (reason: 'timeout' | 'failed') => Promise<Response | undefined>;
	timeoutMs: number;
	/** Keeps the worker alive for the background fetch after a cached copy answered. */
	keepAlive: (work: Promise<unknown>) => void;
};

export type NetworkFirstResult =
	| { source: 'network'; response: Response }
	| { source: 'cache'; response: Response }
	| { source: 'none'; error: unknown };

export async function networkFirst({ network, cached, timeoutMs, keepAlive }: NetworkFirstOptions): Promise<NetworkFirstResult> {
	const fromNetwork = network().then(
		(response) => ({ ok: true as const, response }),
		(error: unknown) => ({ ok: false as const, error })
	);
	let timer: ReturnType<typeof setTimeout> | undefined;
	const deadline = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
	const first = await Promise.race([fromNetwork, deadline]);
	clearTimeout(timer);

	if (first === 'timeout') {
		const copy = await cached('timeout');
		if (copy) {
			keepAlive(fromNetwork);
			return { source: 'cache', response: copy };
		}
	}
	const outcome = first === 'timeout' ? await fromNetwork : first;
	if (outcome.ok && !unreachable.has(outcome.response.status)) return { source: 'network', response: outcome.response };
	const copy = await cached('failed');
	if (copy) {
		if (outcome.ok) await outcome.response.body?.cancel().catch(() => {});
		return { source: 'cache', response: copy };
	}
	return outcome.ok ? { source: 'network', response: outcome.response } : { source: 'none', error: outcome.error };
}
