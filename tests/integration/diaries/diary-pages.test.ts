/**
 * The diary pages as each role reaches them: a liaison's own diary with what its form needs, a
 * chief sent on to its list, a reader's page of a liaison's day, and refusals as error pages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayOf } from '../../../src/lib/domain/diary-dates';
import { demoPlaces, type DemoPlaces } from '../../fixtures/demo-places';
import type { HttpClient } from '../../fixtures/http-client';
import { pageData } from '../../fixtures/page-data';
import { signInAll } from '../../fixtures/structure-places';
import { startTestServer, type TestServer } from '../../fixtures/test-server';

let server: TestServer;
let places: DemoPlaces;
let clients: Map<string, HttpClient>;
const as = (username: string) => clients.get(username)!;

beforeAll(async () => {
	server = await startTestServer();
	places = await demoPlaces();
	clients = await signInAll(server.url, ['liaison01', 'chief1', 'chief2', 'secretary', 'property1']);
});
afterAll(() => server?.stop());

describe('diary pages', () => {
	it('give a liaison its own day, its month and the matters it may link', async () => {
		const base = `/api/communities/${places.communityId}`;
		const [category] = (await as('liaison01').getJson(`${base}/matter-categories`)).body;
		await as('liaison01').postJson(`${base}/matters`, { clientKey: 'diary-page-0001', category: category.id, buildingId: places.liaison01Buildings[0], description: '井盖松动' });
		const [layout, diary] = await pageData(as('liaison01'), '/diary');
		expect(layout.capabilities).toMatchObject({ keepDiary: true, reviewDiaries: false });
		expect(layout.user).toMatchObject({ keepsDiary: true });
		expect(diary).toMatchObject({ own: true, reviews: false, today: dayOf(Date.now()), day: { userId: places.userIds.get('liaison01'), may: { write: true, comment: false } } });
		expect((diary.month as unknown[]).length).toBeGreaterThanOrEqual(28);
		expect((diary.linkable as { description: string }[]).map((m) => m.description)).toContain('井盖松动');
	});

	it('send a chief and the secretary from /diary to their list, which names only readable liaisons', async () => {
		for (const username of ['chief1', 'secretary']) {
			const response = await as(username).get('/diary?date=2026-01-05');
			expect(response.status, username).toBe(307);
			expect(response.headers.get('location')).toBe('/diary/team?date=2026-01-05');
		}
		const [layout, team] = await pageData(as('chief1'), '/diary/team');
		expect(layout.capabilities).toMatchObject({ keepDiary: false, reviewDiaries: true });
		expect(layout.user).toMatchObject({ keepsDiary: false });
		expect((team.rows as { userId: string }[]).map((row) => row.userId)).toContain(places.userIds.get('liaison01'));
	});

	it('show a reader a liaison’s day with the comment box, and refuse the others', async () => {
		const liaison = places.userIds.get('liaison01')!;
		const date = dayOf(Date.now());
		const [, day] = await pageData(as('secretary'), `/diary/${liaison}/${date}`);
		expect(day).toMatchObject({ own: false, commentKind: 'check', linkable: [], day: { may: { write: false, comment: true } } });
		expect((await as('chief2').get(`/diary/${liaison}/${date}`)).status).toBe(404);
		expect((await as('property1').get('/diary')).status).toBe(403);
		expect((await as('property1').get('/diary/team')).status).toBe(403);
		expect((await as('secretary').get(`/diary/${liaison}/not-a-date`)).status).toBe(400);
	});
});
