import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestFrom } from '../fixtures/local-address';
import { startTestServer, type TestServer } from '../fixtures/test-server';

const token = 'metrics-test-token-0123456789';
let server: TestServer;
beforeAll(async () => {
	// Read by the handler when it starts; this file runs in its own worker.
	process.env.METRICS_TOKEN = token;
	server = await startTestServer();
});
afterAll(async () => {
	delete process.env.METRICS_TOKEN;
	await server?.stop();
});

describe('/metrics with METRICS_TOKEN', () => {
	it('asks everyone for the token, loopback included (a local proxy makes every client local)', async () => {
		for (const address of ['127.0.0.1', '127.0.0.2']) {
			for (const authorization of [undefined, 'Bearer wrong']) {
				const response = await requestFrom(address, `${server.url}/metrics`, { headers: authorization ? { authorization } : {} });
				expect(response.status, `${address} ${authorization}`).toBe(401);
				expect(response.headers['www-authenticate']).toMatch(/^Bearer/);
				expect(response.text).not.toMatch(/sync_/);
			}
			const allowed = await requestFrom(address, `${server.url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
			expect(allowed.status).toBe(200);
			expect(allowed.text).toMatch(/^sync_connections /m);
		}
	});
});
