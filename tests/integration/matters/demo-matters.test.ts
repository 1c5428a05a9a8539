/** The sample matters `npm start` gives the demo: every state once, each timeline ending where its matter stands. */
import { asc } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../../src/lib/server/db';
import { matterEvents, matters } from '../../../src/lib/server/db/schema';
import { signInAll } from '../../fixtures/structure-places';
import { startTestServer, type TestServer } from '../../fixtures/test-server';

let server: TestServer;

beforeAll(async () => {
	process.env.DEMO_SAMPLES = '1';
	try {
		server = await startTestServer();
	} finally {
		delete process.env.DEMO_SAMPLES;
	}
});
afterAll(() => server?.stop());

describe('demo sample matters', () => {
	it('cover the states, and each timeline ends at its matter’s status', async () => {
		const rows = await db().select().from(matters);
		expect(new Set(rows.map((r) => r.status))).toEqual(new Set(['reported', 'routed', 'accepted', 'resolved', 'closed']));
		const events = await db().select().from(matterEvents).orderBy(asc(matterEvents.id));
		for (const row of rows) {
			const own = events.filter((e) => e.matterId === row.id);
			expect(own.at(-1)!.to, row.description).toBe(row.status);
			expect(own[0].from).toBeNull();
		}
	});

	it('answer through the API like any other: property1 sees only 光明物业’s', async () => {
		const clients = await signInAll(server.url, ['secretary', 'property1']);
		const communityId = (await clients.get('secretary')!.getJson('/api/communities')).body[0].id;
		const all = (await clients.get('secretary')!.getJson(`/api/communities/${communityId}/matters`)).body.matters;
		const mine = (await clients.get('property1')!.getJson(`/api/communities/${communityId}/matters`)).body.matters;
		expect(all).toHaveLength(7);
		expect(mine.length).toBeGreaterThan(0);
		expect(mine.every((m: { destinationName: string }) => m.destinationName === '光明物业')).toBe(true);
	});
});
