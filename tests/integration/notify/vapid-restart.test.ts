/**
 * The VAPID key pair outlives the process: browsers' subscriptions are bound to the public key,
 * so a restarted server (a deploy, a crash) must sign with the same pair it made on its first start.
 */
import { afterAll, expect, it } from 'vitest';
import { HttpClient } from '../../fixtures/http-client';
import { databaseEnv, freePort, ServerProcess } from '../../fixtures/server-process';
import { createTestDatabase, type TestDatabase } from '../../fixtures/test-database';

let database: TestDatabase | null = null;
let server: ServerProcess | null = null;

afterAll(async () => {
	await server?.stop();
	await database?.drop();
});

async function publicKeyOf(url: string): Promise<string> {
	const client = new HttpClient(url);
	expect((await client.signIn('liaison01')).status).toBe(303);
	const { status, body } = await client.getJson('/api/push/public-key');
	expect(status).toBe(200);
	return body.publicKey;
}

it('a restarted server hands out the same VAPID public key; a SIGKILL changes nothing either', async () => {
	database = await createTestDatabase();
	const port = await freePort();
	server = new ServerProcess(port, { ...databaseEnv(database.config), DEMO: '1' });
	await server.start();
	const first = await publicKeyOf(server.url);
	expect(Buffer.from(first, 'base64url')).toHaveLength(65);

	await server.stop();
	await server.start();
	expect(await publicKeyOf(server.url)).toBe(first);

	await server.kill();
	await server.start();
	expect(await publicKeyOf(server.url)).toBe(first);
	// Three cold starts, each applying the migrations on a fresh embedded database: on a busy
	// two-core machine that alone can pass the default minute.
}, 180_000);
