/**
 * The matters event stream: a property company has no live document, so its work queue hears
 * of changes through server-sent events carrying `signals.mattersVersion`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPlaces, type DemoPlaces } from '../../fixtures/demo-places';
import type { HttpClient } from '../../fixtures/http-client';
import { eventually, openMattersStream } from '../../fixtures/matters-stream';
import { signInAll } from '../../fixtures/structure-places';
import { startTestServer, type TestServer } from '../../fixtures/test-server';

let server: TestServer;
let places: DemoPlaces;
let clients: Map<string, HttpClient>;

beforeAll(async () => {
	server = await startTestServer();
	places = await demoPlaces();
	clients = await signInAll(server.url, ['secretary', 'liaison01', 'property1', 'street1']);
});
afterAll(() => server?.stop());

const as = (username: string) => clients.get(username)!;
const streamPath = () => `/api/communities/${places.communityId}/matters/version`;

const openStream = (client: HttpClient) => openMattersStream(server.url, client, places.communityId);
const until = eventually;

describe('the matters event stream', () => {
	it('tells a property user of every matters change, with a growing version', async () => {
		const stream = await openStream(as('property1'));
		expect(stream.response.status).toBe(200);
		expect(stream.response.headers.get('content-type')).toBe('text/event-stream');
		await until(() => stream.versions.length >= 1, 'the current version');
		const first = stream.versions[0];
		const { body: categories } = await as('liaison01').getJson(`/api/communities/${places.communityId}/matter-categories`);
		const { body } = await as('liaison01').postJson(`/api/communities/${places.communityId}/matters`, {
			clientKey: 'stream-test-0001',
			category: categories[0].id,
			buildingId: places.liaison01Buildings[0],
			description: '路灯不亮'
		});
		await until(() => stream.versions.at(-1)! > first, 'the report');
		const afterReport = stream.versions.at(-1)!;
		await as('secretary').postJson(`/api/matters/${body.id}/actions`, { action: 'route', destination: { kind: 'property' } });
		await until(() => stream.versions.at(-1)! > afterReport, 'the routing');
		await stream.close();
	});

	it('is refused signed out, and to a user with too many streams open', async () => {
		expect((await fetch(server.url + streamPath())).status).toBe(401);
		const streams = [];
		for (let i = 0; i < 6; i++) streams.push(await openStream(as('street1')));
		expect(streams.map((s) => s.response.status)).toEqual([200, 200, 200, 200, 200, 200]);
		const extra = await fetch(server.url + streamPath(), { headers: { cookie: as('street1').cookieHeader() } });
		expect(extra.status).toBe(429);
		await extra.body?.cancel();
		await streams[0].close();
		// Closing one frees its place once the server notices the client went away.
		let again = await openStream(as('street1'));
		for (const started = Date.now(); again.response.status !== 200 && Date.now() - started < 5000; again = await openStream(as('street1'))) {
			await again.close();
			await new Promise((r) => setTimeout(r, 50));
		}
		expect(again.response.status).toBe(200);
		for (const stream of [...streams.slice(1), again]) await stream.close();
	});
});
