import type { Page } from '@playwright/test';
import type {} from '../../src/lib/client/map/test-hook';
import type {} from '../../src/lib/client/sync/test-hook';
import { expect, signIn, test } from './fixtures';
import { getJson } from './live-helpers';
import { mapDataApplied } from './map-helpers';

/**
 * Matters on the community map: a matter reported over the API appears as a pin on the
 * secretary's open map, follows its routing, and turns red once its due time has passed, all
 * without a reload and without polling (the live document's `mattersVersion`, and one timer
 * for the next due time). Tapping the pin shows it; its building's panel lists it.
 */

type MapFeature = { properties: { kind: string; id: string; label?: string }; geometry: { coordinates: [number, number][][] } };
type Category = { id: string; name: string };

async function openMap(page: Page) {
	await page.goto('/map');
	await mapDataApplied(page);
	await expect.poll(() => page.evaluate(() => window.gridDispatchLive?.status.state), { timeout: 20_000 }).toBe('online');
	await expect.poll(() => page.evaluate(() => window.gridDispatchMap?.matters?.loads ?? 0), { timeout: 20_000 }).toBeGreaterThan(0);
	await page.waitForFunction(() => window.gridDispatchMap?.map?.loaded() && !window.gridDispatchMap.map.isMoving());
}

/** Where the secretary works, a demo building (other specs draw their own) and a category. */
async function place(page: Page) {
	const me = await getJson<{ memberships: { role: string; communityId: string | null }[] }>(page, '/api/me');
	const communityId = me.memberships.find((m) => m.role === 'secretary')!.communityId!;
	const map = await getJson<{ features: MapFeature[] }>(page, `/api/communities/${communityId}/map`);
	const buildings = map.features.filter((f) => f.properties.kind === 'building' && /^\d+号楼$/.test(f.properties.label ?? ''));
	const categories = await getJson<Category[]>(page, `/api/communities/${communityId}/matter-categories`);
	return { communityId, buildings, category: categories.find((c) => c.name === '路灯维修')!.id };
}

let keys = 0;
async function report(page: Page, communityId: string, buildingId: string, category: string, description: string) {
	const answer = await page.request.post(`/api/communities/${communityId}/matters`, {
		data: { clientKey: `e2e-map-${Date.now()}-${++keys}`, category, buildingId, description }
	});
	expect(answer.status(), await answer.text()).toBe(201);
	return ((await answer.json()) as { id: string }).id;
}

async function act(page: Page, id: string, body: Record<string, unknown>) {
	const answer = await page.request.post(`/api/matters/${id}/actions`, { data: body });
	expect(answer.status(), await answer.text()).toBe(200);
	return (await answer.json()) as { status: string; dueAt: number | null };
}

const pinOf = (page: Page, id: string) =>
	page.evaluate((matterId) => {
		const pin = window.gridDispatchMap?.matters?.pins.find((p) => p.id === matterId);
		return pin ? { status: pin.status, tone: pin.tone } : null;
	}, id);

const drawn = (page: Page, id: string) =>
	page.evaluate((matterId) => window.gridDispatchMap!.map!.queryRenderedFeatures({ layers: ['matter-pin'] }).some((f) => f.properties.id === matterId), id);

test('a reported matter appears on the open map, follows its routing and turns red when overdue, without reload', async ({ page }) => {
	// The page's clock runs as usual until the test moves it on past the due time.
	await page.clock.install();
	await signIn(page, 'secretary');
	await openMap(page);
	const { communityId, buildings, category } = await place(page);
	await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
	const pinRequests: string[] = [];
	page.on('request', (request) => {
		if (new URL(request.url()).pathname.endsWith('/matter-pins')) pinRequests.push(request.url());
	});

	const id = await report(page, communityId, buildings[0].properties.id, category, '路灯不亮已有一周（地图测试）');
	await expect.poll(() => pinOf(page, id), { timeout: 15_000 }).toEqual({ status: 'reported', tone: 'open' });
	await expect.poll(() => drawn(page, id)).toBe(true);

	const routed = await act(page, id, { action: 'route', destination: { kind: 'street' } });
	await expect.poll(() => pinOf(page, id), { timeout: 15_000 }).toEqual({ status: 'routed', tone: 'open' });

	// Past the due time (15 days for the street office) on the page's clock: one timer recolours it.
	await page.clock.fastForward(routed.dueAt! - Date.now() + 60_000);
	await expect.poll(() => pinOf(page, id), { timeout: 15_000 }).toEqual({ status: 'routed', tone: 'overdue' });
	await expect.poll(() => drawn(page, id)).toBe(true);

	// A new matter arrives too, and its routing (the page's clock, 15 days ahead, already sees it late); the first stays red.
	const second = await report(page, communityId, buildings[1].properties.id, category, '车库入口照明损坏（地图测试）');
	await expect.poll(() => pinOf(page, second), { timeout: 15_000 }).toEqual({ status: 'reported', tone: 'open' });
	await act(page, second, { action: 'route', destination: { kind: 'street' } });
	await expect.poll(() => pinOf(page, second), { timeout: 15_000 }).toEqual({ status: 'routed', tone: 'overdue' });
	expect(await pinOf(page, id)).toEqual({ status: 'routed', tone: 'overdue' });

	expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
	// One fetch per change at most (four changes), never on a timer: the 15 days passed asked nothing.
	expect(pinRequests.length).toBeGreaterThanOrEqual(1);
	expect(pinRequests.length).toBeLessThanOrEqual(4);
});

test('tapping a pin shows the matter; its building lists it; the layer filters by colour', async ({ page }) => {
	await signIn(page, 'secretary');
	await openMap(page);
	const { communityId, buildings, category } = await place(page);
	const building = buildings[2];
	const id = await report(page, communityId, building.properties.id, category, '三单元门口路灯闪烁，晚上看不清台阶');
	await expect.poll(() => pinOf(page, id), { timeout: 15_000 }).toEqual({ status: 'reported', tone: 'open' });

	// Zoom onto the pin and tap its head (the tip touches the building's point, the head is above it).
	const ring = building.geometry.coordinates[0].slice(0, -1);
	const middle: [number, number] = [ring.reduce((s, p) => s + p[0], 0) / ring.length, ring.reduce((s, p) => s + p[1], 0) / ring.length];
	await page.evaluate((center) => window.gridDispatchMap!.map!.jumpTo({ center, zoom: 18 }), middle);
	// The pin is placed on a frame after the jump settles, so ask until it is rendered.
	const headHandle = await page.waitForFunction((matterId) => {
		const map = window.gridDispatchMap!.map!;
		if (!map.loaded() || map.isMoving()) return null;
		const pin = map.queryRenderedFeatures({ layers: ['matter-pin'] }).find((f) => f.properties.id === matterId);
		if (!pin) return null;
		const point = map.project((pin.geometry as GeoJSON.Point).coordinates as [number, number]);
		const box = map.getCanvas().getBoundingClientRect();
		return { x: box.left + point.x, y: box.top + point.y - 20 };
	}, id, { timeout: 15_000 });
	const head = (await headHandle.jsonValue())!;
	await page.mouse.click(head.x, head.y);
	const panel = page.getByTestId('map-matter-panel');
	const card = panel.locator(`[data-id="${id}"]`);
	await expect(card).toContainText('公用设施 · 路灯维修');
	await expect(card).toContainText('待派遣');
	await expect(card).toContainText('三单元门口路灯闪烁');
	await expect(card.getByRole('link', { name: '查看详情' })).toHaveAttribute('href', `/matters/${id}`);

	// The building's panel lists it among its open matters.
	await panel.getByRole('button', { name: '关闭' }).click();
	const corner = await page.evaluate((coordinates) => {
		const map = window.gridDispatchMap!.map!;
		const pixels = coordinates.map((c) => map.project(c));
		const box = map.getCanvas().getBoundingClientRect();
		return { x: box.left + Math.max(...pixels.map((p) => p.x)) - 6, y: box.top + Math.max(...pixels.map((p) => p.y)) - 6 };
	}, ring);
	await page.mouse.click(corner.x, corner.y);
	const details = page.getByTestId('map-details');
	await expect(details.getByRole('heading', { name: building.properties.label!, exact: true })).toBeVisible();
	await expect(details.getByTestId('map-building-matters').locator(`a[href="/matters/${id}"]`)).toContainText('路灯维修');
	await expect(details.getByTestId('map-report-matter')).toHaveAttribute('href', `/matters?buildingId=${building.properties.id}`);

	// Only overdue pins: this open one leaves the map, and comes back.
	await page.getByTestId('map-layers-button').click();
	const controls = page.getByTestId('map-matter-controls');
	for (const group of ['未办结', '待核实', '已办结']) await controls.getByRole('button', { name: group }).click();
	await expect.poll(() => drawn(page, id)).toBe(false);
	await controls.getByRole('button', { name: '未办结' }).click();
	await expect.poll(() => drawn(page, id)).toBe(true);
	await controls.getByTestId('map-matters-toggle').uncheck();
	await expect.poll(() => drawn(page, id)).toBe(false);
});
