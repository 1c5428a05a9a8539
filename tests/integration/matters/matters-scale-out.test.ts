/**
 * Two instances sharing PostgreSQL and Redis: a property user's event stream on one instance
 * hears of matters reported and routed through the other.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../../fixtures/http-client';
import { eventually, openMattersStream } from '../../fixtures/matters-stream';
import { databaseEnv, freePort, ServerProcess } from '../../fixtures/server-process';
import { createTestDatabase, type TestDatabase } from '../../fixtures/test-database';

const ready = process.env.TEST_DB_KIND === 'postgres' && !!process.env.REDIS_URL;
if (!ready) {
	console.warn('[matters-scale-out] SKIPPED: two instances need PostgreSQL (TEST_DATABASE_URL) and REDIS_URL; optional locally, CI sets both.');
}

let database: TestDatabase | null = null;
const servers: ServerProcess[] = [];

afterAll(async () => {
	await Promise.all(servers.map((server) => server.stop()));
	await database?.drop();
});

async function signedIn(url: string, username: string): Promise<HttpClient> {
	const client = new HttpClient(url);
	const response = await client.signIn(username);
	if (response.status !== 303) throw new Error(`sign-in of ${username} failed with ${response.status}`);
	return client;
}

describe.skipIf(!ready)('matters across two instances', () => {
	it('a stream on instance B hears a report made on instance A', async () => {
		database = await createTestDatabase('postgres');
		const env = {
			...databaseEnv(database.config),
			DEMO: '1',
			REDIS_URL: process.env.REDIS_URL as string,
			REDIS_PREFIX: `grid-test-${process.pid}-${Math.random().toString(36).slice(2, 8)}:`
		};
		const [a, b] = [new ServerProcess(await freePort(), env), new ServerProcess(await freePort(), env)];
		servers.push(a, b);
		await a.start();
		await b.start();
		const [secretary, property] = await Promise.all([signedIn(a.url, 'secretary'), signedIn(b.url, 'property1')]);
		const { body: communities } = await secretary.getJson('/api/communities');
		const communityId = communities[0].id;
		const stream = await openMattersStream(b.url, property, communityId);
		expect(stream.response.status).toBe(200);
		await eventually(() => stream.versions.length > 0, 'the first version');
		const first = stream.versions[0];

		const { body: categories } = await secretary.getJson(`/api/communities/${communityId}/matter-categories`);
		const { body: map } = await secretary.getJson(`/api/communities/${communityId}/map`);
		const building = map.features.find((f: { properties: { kind: string } }) => f.properties.kind === 'building');
		const reported = await secretary.postJson(`/api/communities/${communityId}/matters`, {
			clientKey: 'two-instances-0001',
			category: categories[0].id,
			buildingId: building.properties.id,
			description: '雨水管道堵塞'
		});
		expect(reported.status).toBe(201);
		await eventually(() => stream.versions.at(-1)! > first, 'the report reaching instance B', 10_000);
		await stream.close();
	});
});
