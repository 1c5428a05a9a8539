import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { networkFirst } from './network-first';

const copy = () => new Response('saved', { status: 200 });
const fresh = (status = 200) => new Response('fresh', { status });

/** A network answer the test resolves or fails by hand. */
function pending() {
	let resolve!: (response: Response) => void;
	let reject!: (error: unknown) => void;
	const promise = new Promise<Response>((res, rej) => ((resolve = res), (reject = rej)));
	return { promise, resolve, reject };
}

describe('networkFirst', () => {
	beforeEach(() => vi.useFakeTimers());
	afterEach(() => vi.useRealTimers());

	const run = (network: () => Promise<Response>, cached: Response | undefined, kept: Promise<unknown>[] = []) =>
		networkFirst({ network, cached: async () => cached, timeoutMs: 3000, keepAlive: (work) => kept.push(work) });

	it('answers from the network when it answers in time', async () => {
		const result = await run(async () => fresh(), copy());
		expect(result.source).toBe('network');
		if (result.source === 'network') expect(await result.response.text()).toBe('fresh');
	});

	it('answers from the cache after the deadline and keeps the network fetch alive', async () => {
		const net = pending();
		const kept: Promise<unknown>[] = [];
		const result = run(() => net.promise, copy(), kept);
		await vi.advanceTimersByTimeAsync(2999);
		let settled = false;
		void result.then(() => (settled = true));
		await vi.advanceTimersByTimeAsync(0);
		expect(settled).toBe(false);
		await vi.advanceTimersByTimeAsync(1);
		const answer = await result;
		expect(answer.source).toBe('cache');
		expect(kept).toHaveLength(1);
		net.resolve(fresh());
		await kept[0];
	});

	it('waits for a slow network when nothing is cached', async () => {
		const net = pending();
		const result = run(() => net.promise, undefined);
		await vi.advanceTimersByTimeAsync(10_000);
		net.resolve(fresh());
		const answer = await result;
		expect(answer.source).toBe('network');
	});

	it('falls back to the cache at once when the network fails', async () => {
		const answer = await run(() => Promise.reject(new TypeError('Failed to fetch')), copy());
		expect(answer.source).toBe('cache');
	});

	it('reports the failure when the network fails and nothing is cached', async () => {
		const answer = await run(() => Promise.reject(new TypeError('Failed to fetch')), undefined);
		expect(answer).toMatchObject({ source: 'none', error: expect.any(TypeError) });
	});

	it('prefers a saved copy to a gateway error, but passes on the server’s own errors', async () => {
		expect((await run(async () => fresh(503), copy())).source).toBe('cache');
		const gatewayOnly = await run(async () => fresh(504), undefined);
		expect(gatewayOnly.source === 'network' && gatewayOnly.response.status).toBe(504);
		const notFound = await run(async () => fresh(404), copy());
		expect(notFound.source === 'network' && notFound.response.status).toBe(404);
		const unauthorized = await run(async () => fresh(401), copy());
		expect(unauthorized.source === 'network' && unauthorized.response.status).toBe(401);
	});
});
