/**
 * A structure change reaches the write rules through the hub: once the structure API has
 * answered, the sync server judges marks by where the building is now, without waiting for
 * anything to come back through the live document.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectMarkAccepted, expectMarkRefused, moveScenario, type MoveScenario } from '../../fixtures/moved-building';
import { waitFor } from '../../fixtures/sync-client';
import { startTestServer, type TestServer } from '../../fixtures/test-server';

let server: TestServer;
let scenario: MoveScenario | null = null;

beforeAll(async () => {
	server = await startTestServer();
});
afterAll(async () => {
	scenario?.destroy();
	await server?.stop();
});

describe('a building moved to another micro-grid over HTTP', () => {
	it('may be marked by the liaison of its new micro-grid as soon as the API answers, and no longer by the old one', async () => {
		scenario = await moveScenario(server.url, server.url);
		const { before, after } = scenario;
		await expectMarkAccepted(scenario, before, '1-101');
		await expectMarkRefused(scenario, after, '1-102');
		const version = scenario.secretary.client.doc.getMap('signals').get('structureVersion');

		await scenario.move();
		await expectMarkAccepted(scenario, after, '1-103');
		await expectMarkRefused(scenario, before, '1-104');

		// Open maps still learn of it from the document's signal.
		await waitFor(() => after.client.doc.getMap('signals').get('structureVersion') !== version, 5000, 'structureVersion moves');
		expect(after.client.doc.getMap('signals').get('structureVersion')).toEqual(expect.any(Number));
	}, 60_000);
});
