import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestFrom } from '../fixtures/local-address';
import { startTestServer, type TestServer } from '../fixtures/test-server';

// Issue 12: /metrics was open to anyone and /healthz echoed raw database error text.
let server: TestServer;
beforeAll(async () => {
	server = await startTestServer();
});
afterAll(() => server?.stop());

describe('/metrics without METRICS_TOKEN', () => {
	it('serves this machine (the loopback address)', async () => {
		const response = await requestFrom('127.0.0.1', `${server.url}/metrics`);
		expect(response.status).toBe(200);
		expect(response.text).toMatch(/^sync_connections /m);
	});

	it('refuses any other address with 403 and no figures', async () => {
		const response = await requestFrom('127.0.0.2', `${server.url}/metrics`);
		expect(response.status).toBe(403);
		expect(response.text).toMatch(/METRICS_TOKEN/);
		expect(response.text).not.toMatch(/sync_/);
	});
});

describe('/healthz', () => {
	it('gives states, not messages', async () => {
		const response = await requestFrom('127.0.0.2', `${server.url}/healthz`);
		expect(response.status).toBe(200);
		const body = JSON.parse(response.text);
		expect(body).toEqual({
			ok: true,
			db: server.startup.db,
			database: 'ok',
			persistence: 'ok',
			persistenceError: null,
			redis: 'off',
			docsLoaded: expect.any(Number),
			connections: expect.any(Number),
			pendingWrites: expect.any(Number),
			writesSetAside: 0
		});
	});
});
