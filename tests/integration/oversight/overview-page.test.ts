/**
 * `/overview`'s page data as the browser receives it, with the query strings a hand-made link can
 * carry: `?grid=`, `?task=` and `?look=` only ever pick among what the viewer may see (another
 * chief's grid or task, a made-up id or look fall back to the viewer's own page), and the roles
 * without a dashboard get none whatever the query.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../../src/lib/server/db';
import { communities, grids, memberships, streets, tasks } from '../../../src/lib/server/db/schema';
import { demoPlaces, type DemoPlaces } from '../../fixtures/demo-places';
import { insertBareMatter } from '../../fixtures/matter-rows';
import type { HttpClient } from '../../fixtures/http-client';
import { pageData } from '../../fixtures/page-data';
import { signInAll } from '../../fixtures/structure-places';
import { startTestServer, type TestServer } from '../../fixtures/test-server';

type OverviewData = {
	page: {
		community: { id: string };
		grid: { id: string } | null;
		look: string;
		taskId: string | null;
		readOnly: boolean;
		view: { grids: { id: string }[]; buildings: { id: string }[]; openTasks: { id: string }[]; attention: { kind: string; id: string; destinationName: string | null }[] };
	} | null;
};

let server: TestServer;
let places: DemoPlaces;
let clients: Map<string, HttpClient>;
let chief1Grid: string;
let otherGrid: string;
const ownTask = `overview-own-${Date.now()}`;
const foreignTask = `overview-foreign-${Date.now()}`;

const overview = async (username: string, query = '') => (await pageData(clients.get(username)!, '/overview', query)).at(-1) as OverviewData;

beforeAll(async () => {
	server = await startTestServer();
	places = await demoPlaces();
	clients = await signInAll(server.url, ['secretary', 'chief1', 'liaison01', 'property1', 'street1']);
	const [chief] = await db().select().from(memberships).where(eq(memberships.userId, places.userIds.get('chief1')!));
	chief1Grid = chief.gridId!;
	const all = await db().select({ id: grids.id }).from(grids).where(eq(grids.communityId, places.communityId));
	otherGrid = all.find((g) => g.id !== chief1Grid)!.id;
	// One open task in chief1's grid, one only over buildings of other grids.
	await db()
		.insert(tasks)
		.values([
			{ id: ownTask, communityId: places.communityId, title: '本网格任务', status: 'open', scope: places.liaison01Buildings },
			{ id: foreignTask, communityId: places.communityId, title: '他网格任务', status: 'open', scope: places.outsideChief1.slice(0, 3) }
		]);
});
afterAll(async () => {
	await server?.stop();
});

describe('/overview with hand-made query strings', () => {
	it('the secretary narrows the page to any grid of the community', async () => {
		const { page } = await overview('secretary', `?grid=${otherGrid}`);
		expect(page!.grid?.id).toBe(otherGrid);
		expect(page!.view.grids.map((g) => g.id)).toEqual([otherGrid]);
	});

	it("a chief asking for another chief's grid gets its own page, not the other grid", async () => {
		const own = await overview('chief1');
		const asked = await overview('chief1', `?grid=${otherGrid}`);
		expect(own.page!.view.grids.map((g) => g.id)).toEqual([chief1Grid]);
		expect(asked.page!.grid).toBeNull();
		expect(asked.page!.view.grids.map((g) => g.id)).toEqual([chief1Grid]);
		expect(asked.page!.view.buildings.map((b) => b.id).sort()).toEqual(own.page!.view.buildings.map((b) => b.id).sort());
		expect(asked.page!.view.buildings.some((b) => places.outsideChief1.includes(b.id))).toBe(false);
	});

	it("a chief asking to colour by another grid's task gets one of its own tasks", async () => {
		const { page } = await overview('chief1', `?look=task&task=${foreignTask}`);
		expect(page!.look).toBe('task');
		expect(page!.view.openTasks.map((t) => t.id)).not.toContain(foreignTask);
		expect(page!.taskId).toBe(ownTask);
		const secretary = await overview('secretary', `?look=task&task=${foreignTask}`);
		expect(secretary.page!.taskId).toBe(foreignTask);
	});

	it('an unknown look, a made-up grid and an oversized value fall back to the plain page', async () => {
		const { page } = await overview('chief1', `?look=${encodeURIComponent('<script>')}&grid=${'x'.repeat(5_000)}&task=${encodeURIComponent("' or 1=1 --")}`);
		expect(page!.look).toBe('visit-age');
		expect(page!.grid).toBeNull();
		expect(page!.taskId).toBeNull();
		expect(page!.view.grids.map((g) => g.id)).toEqual([chief1Grid]);
	});

	it('a liaison and a property company get no dashboard, whatever the query', async () => {
		for (const username of ['liaison01', 'property1']) {
			expect((await overview(username, `?grid=${chief1Grid}&look=task&task=${ownTask}`)).page).toBeNull();
		}
	});

	it('the street office gets the community read-only, and a grid of it on request', async () => {
		const { page } = await overview('street1', `?community=${places.communityId}&grid=${chief1Grid}`);
		expect(page!.readOnly).toBe(true);
		expect(page!.community.id).toBe(places.communityId);
		expect(page!.grid?.id).toBe(chief1Grid);
	});
});

describe('the attention list', () => {
	it('names the handler of an overdue matter escalated to the street office, as the matter pages do', async () => {
		const [community] = await db().select({ streetId: communities.streetId }).from(communities).where(eq(communities.id, places.communityId));
		const [street] = await db().select({ name: streets.name }).from(streets).where(eq(streets.id, community.streetId));
		const day = 86_400_000;
		const now = Date.now();
		const id = await insertBareMatter(
			{
				communityId: places.communityId,
				gridId: chief1Grid,
				description: '楼上漏水引发邻里矛盾',
				status: 'accepted',
				reportedBy: places.userIds.get('liaison01')!,
				reportedAt: new Date(now - 5 * day),
				destination: { kind: 'street', streetId: community.streetId },
				routedAt: new Date(now - 4 * day),
				acceptedAt: new Date(now - 4 * day),
				dueAt: new Date(now - 2 * day),
				updatedAt: new Date(now - 4 * day)
			},
			'邻里纠纷'
		);
		const item = (await overview('secretary')).page!.view.attention.find((entry) => entry.id === id);
		expect(item).toMatchObject({ kind: 'matter-overdue', destinationName: street.name });
		expect(street.name).toBeTruthy();
	});
});
