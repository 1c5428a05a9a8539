/**
 * The matter pages' data per role, as the browser receives it: which views of the list each
 * role gets and which matters they hold, a matter hidden from the company it was not routed
 * to, the actions offered on a matter (the same the API would take), and the nav badge.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPlaces, type DemoPlaces } from '../../fixtures/demo-places';
import type { HttpClient } from '../../fixtures/http-client';
import { pageData } from '../../fixtures/page-data';
import { signInAll } from '../../fixtures/structure-places';
import { startTestServer, type TestServer } from '../../fixtures/test-server';

let server: TestServer;
let places: DemoPlaces;
let clients: Map<string, HttpClient>;
/** Routed to 光明物业, waiting for 签收. */
let routed: string;
/** Accepted by 光明物业 and reminded once. */
let reminded: string;
/** Resolved by 光明物业, waiting for liaison01's verification. */
let resolved: string;
/** Waiting for routing. */
let waiting: string;

const as = (username: string) => clients.get(username)!;
const act = async (username: string, id: string, body: Record<string, unknown>) => {
	const answer = await as(username).postJson(`/api/matters/${id}/actions`, body);
	if (answer.status !== 200) throw new Error(`${username} ${body.action}: ${answer.status} ${JSON.stringify(answer.body)}`);
};

beforeAll(async () => {
	server = await startTestServer();
	places = await demoPlaces();
	clients = await signInAll(server.url, ['secretary', 'chief1', 'liaison01', 'property1', 'property2', 'street1']);
	const { body: categories } = await as('liaison01').getJson(`/api/communities/${places.communityId}/matter-categories`);
	const category = categories.find((c: { name: string }) => c.name === '楼道卫生').id;
	let key = 0;
	const report = async () => {
		const { status, body } = await as('liaison01').postJson(`/api/communities/${places.communityId}/matters`, {
			clientKey: `pages-test-${Date.now()}-${++key}`,
			category,
			buildingId: places.liaison01Buildings[0],
			description: '楼道堆放杂物'
		});
		if (status !== 201) throw new Error(`report: ${status}`);
		return body.id as string;
	};
	[routed, reminded, resolved, waiting] = [await report(), await report(), await report(), await report()];
	for (const id of [routed, reminded, resolved]) await act('secretary', id, { action: 'route', destination: { kind: 'property' } });
	for (const id of [reminded, resolved]) await act('property1', id, { action: 'accept' });
	await act('chief1', reminded, { action: 'remind' });
	await act('property1', resolved, { action: 'resolve', note: '已清理' });
});
afterAll(async () => {
	await server?.stop();
});

type ListData = { list: { views: string[]; matters: { id: string }[]; community: { id: string } } | null };
type DetailData = { detail: { offered: string[]; matter: { id: string; events: unknown[] } } };
type LayoutData = { matters: { communityId: string; badge: number } | null };

const listOf = async (username: string) => ((await pageData(as(username), '/matters'))[1] as ListData).list!;
const detailOf = async (username: string, id: string) => ((await pageData(as(username), `/matters/${id}`))[1] as DetailData).detail;
const badgeOf = async (username: string) => ((await pageData(as(username), '/'))[0] as LayoutData).matters;
const ids = (list: { matters: { id: string }[] }) => list.matters.map((matter) => matter.id);

/** The status a page's load ended with: 200, or the error node's. */
async function loadStatus(client: HttpClient, path: string): Promise<number> {
	const response = await client.get(`${path}/__data.json`, { accept: '*/*' });
	const body = (await response.json()) as { type: string; nodes?: ({ type: string; status?: number } | null)[] };
	const failed = body.nodes?.find((node) => node?.type === 'error');
	return failed?.status ?? response.status;
}

describe('/matters', () => {
	it('property1 gets its work queue of what is routed to 光明物业; property2 sees none of it', async () => {
		const mine = await listOf('property1');
		expect(mine.views).toEqual(['queue']);
		expect(mine.community.id).toBe(places.communityId);
		expect(ids(mine)).toEqual(expect.arrayContaining([routed, reminded, resolved]));
		expect(ids(mine)).not.toContain(waiting);
		const theirs = await listOf('property2');
		expect(theirs.views).toEqual(['queue']);
		expect(ids(theirs)).toEqual([]);
	});

	it('the secretary and chief1 read the overview, liaison01 its area, the street office the overview', async () => {
		const secretary = await listOf('secretary');
		expect(secretary.views).toEqual(['overview']);
		expect(ids(secretary)).toEqual(expect.arrayContaining([routed, reminded, resolved, waiting]));
		expect((await listOf('chief1')).views).toEqual(['overview']);
		const liaison = await listOf('liaison01');
		expect(liaison.views).toEqual(['area']);
		expect(ids(liaison)).toEqual(expect.arrayContaining([routed, reminded, resolved, waiting]));
		expect((await listOf('street1')).views).toEqual(['overview']);
	});
});

describe('/matters/<id>', () => {
	it('property2 gets 404 for a matter routed to 光明物业', async () => {
		expect(await loadStatus(as('property2'), `/matters/${routed}`)).toBe(404);
		expect(await loadStatus(as('property1'), `/matters/${routed}`)).toBe(200);
	});

	it('offers what the policy and the status allow: 签收 to property1, nothing to the street office, 督办 to the chief', async () => {
		expect((await detailOf('property1', routed)).offered).toEqual(['accept', 'return']);
		expect((await detailOf('street1', routed)).offered).toEqual([]);
		expect((await detailOf('chief1', routed)).offered).toEqual(['remind']);
		expect((await detailOf('liaison01', routed)).offered).toEqual([]);
	});

	it('offers liaison01 the verification of its resolved report, and the company nothing more', async () => {
		const detail = await detailOf('liaison01', resolved);
		expect(detail.offered).toEqual(['verify']);
		expect(detail.matter.events).toHaveLength(4);
		expect((await detailOf('property1', resolved)).offered).toEqual([]);
	});

	it('offers the secretary the routing of a waiting matter, with whom to route it to', async () => {
		const [, page] = await pageData(as('secretary'), `/matters/${waiting}`);
		const detail = (page as { detail: { offered: string[]; routeChoices: { property: { name: string } | null; staff: unknown[]; street: string } } }).detail;
		expect(detail.offered).toEqual(['route', 'merge', 'reject']);
		expect(detail.routeChoices.property?.name).toBe('光明物业');
		expect(detail.routeChoices.staff.length).toBeGreaterThan(30);
		expect(detail.routeChoices.street).toBeTruthy();
	});
});

describe('the nav badge', () => {
	it('property1 counts the matter waiting for 签收 and the reminded one; property2 nothing', async () => {
		expect(await badgeOf('property1')).toEqual({ communityId: places.communityId, badge: 2 });
		expect(await badgeOf('property2')).toEqual({ communityId: places.communityId, badge: 0 });
	});

	it('liaison01 counts its report waiting for its verification; the secretary, who handles none, nothing', async () => {
		expect((await badgeOf('liaison01'))?.badge).toBe(1);
		expect((await badgeOf('secretary'))?.badge).toBe(0);
	});
});
